// Keras 3 RMSprop (kernels::rmsprop: plain, momentum, centered, both) against its recurrence
// written out in double.
#define BOOST_TEST_MODULE rmsprop
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/rmsprop.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

BOOST_AUTO_TEST_CASE(first_step_by_hand)
{
    // v = 0.1 g^2 = 0.025; w -= 0.01 * 0.5 / sqrt(0.025 + 1e-7): epsilon inside the root.
    float w = 1.0f, v = 0.0f;
    const float g = 0.5f;
    k::rmsprop::step_block(&w, &g, &v, nullptr, nullptr, 1, 1, 1, 0,
                           k::rmsprop::step_constants::of(0.01f, 0.9f, 0.0f, 1e-7f, 0));
    tmt::check_close(v, 0.025, tmt::rmsprop_steps, "v");
    tmt::check_close(w, 1.0 - 0.01 * 0.5 / std::sqrt(0.025 + 1e-7), tmt::rmsprop_steps, "w");
}

BOOST_AUTO_TEST_CASE(centered_first_step_by_hand)
{
    // g_avg = 0.05, v = 0.025: the denominator is sqrt(0.025 - 0.0025 + 1e-7).
    float w = 1.0f, v = 0.0f, g_avg = 0.0f;
    const float g = 0.5f;
    k::rmsprop::step_block(&w, &g, &v, nullptr, &g_avg, 1, 1, 1, 0,
                           k::rmsprop::step_constants::of(0.01f, 0.9f, 0.0f, 1e-7f, 0));
    tmt::check_close(g_avg, 0.05, tmt::rmsprop_steps, "g_avg");
    tmt::check_close(w, 1.0 - 0.01 * 0.5 / std::sqrt(0.025 - 0.0025 + 1e-7), tmt::rmsprop_steps, "w");
}

BOOST_AUTO_TEST_CASE(epsilon_is_inside_the_square_root)
{
    // g = 1e-3 gives v = 1e-7: sqrt(1e-7 + 1e-3) = 0.0316, far from sqrt(1e-7) + 1e-3 = 0.0013
    // (PyTorch's placement); with momentum too.
    for (const bool momentum : {false, true}) {
        float w = 0.0f, v = 0.0f, s = 0.0f;
        const float g = 1e-3f;
        k::rmsprop::step_block(&w, &g, &v, momentum ? &s : nullptr, nullptr, 1, 1, 1, 0,
                               k::rmsprop::step_constants::of(1.0f, 0.9f, momentum ? 0.9f : 0.0f, 1e-3f, 0));
        tmt::check_close(w, -1e-3 / std::sqrt(1e-7 + 1e-3), tmt::rmsprop_steps, "w");
    }
}

BOOST_AUTO_TEST_CASE(ten_steps_match_the_recurrence_in_double)
{
    for (const float momentum : {0.0f, 0.9f})
        for (const bool centered : {false, true})
            for (const std::size_t n : {1u, 15u, 16u, 17u, 100u}) {
                tmt::input_source src(static_cast<std::uint32_t>(n));
                const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
                std::vector<float> w = w0, v(n, 0.0f), s(n, 0.0f), g_avg(n, 0.0f);
                std::vector<double> wd = tmt::to_double(w0), vd(n, 0.0), sd(n, 0.0), ad(n, 0.0);
                const float lr = 0.01f, rho = 0.9f, eps = 1e-7f;
                for (std::uint64_t step = 0; step < 10; ++step) {
                    // Same-signed gradients: the centered variance stays well above 0.
                    auto g = src.uniform_vector(n, 0.5f, 1.0f);
                    for (float& x : g) x *= std::pow(0.7f, static_cast<float>(step));
                    k::rmsprop::step_block(w.data(), g.data(), v.data(), momentum > 0.0f ? s.data() : nullptr,
                                           centered ? g_avg.data() : nullptr, 1, n, n, 0,
                                           k::rmsprop::step_constants::of(lr, rho, momentum, eps, step));
                    for (std::size_t i = 0; i < n; ++i) {
                        const double gi = g[i], r = rho;
                        vd[i] = r * vd[i] + (1.0 - r) * gi * gi;
                        ad[i] = r * ad[i] + (1.0 - r) * gi;
                        const double d = centered ? vd[i] - ad[i] * ad[i] + eps : vd[i] + eps;
                        const double increment = lr * gi / std::sqrt(d);
                        sd[i] = momentum * sd[i] + increment;
                        wd[i] -= momentum > 0.0f ? sd[i] : increment;
                    }
                }
                BOOST_TEST_CONTEXT("momentum " << momentum << ", centered " << centered << ", n " << n) {
                    tmt::check_all_close(w, wd, tmt::rmsprop_steps, "w");
                    tmt::check_all_close(v, vd, tmt::rmsprop_steps, "v");
                    if (momentum > 0.0f) tmt::check_all_close(s, sd, tmt::rmsprop_steps, "s");
                    if (centered) tmt::check_all_close(g_avg, ad, tmt::rmsprop_steps, "g_avg");
                }
            }
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_updates_only_its_rows)
{
    // A kernel tile: 3 rows of 5 columns, 8 floats apart; the floats between the rows are not touched.
    constexpr std::size_t stride = 8;
    std::vector<float> w(3 * stride, 7.0f), g(3 * stride, 0.25f), v(3 * stride, 0.0f), s(3 * stride, 0.0f),
        a(3 * stride, 0.0f);
    k::rmsprop::step_block(w.data(), g.data(), v.data(), s.data(), a.data(), 3, 5, stride, 0,
                           k::rmsprop::step_constants::of(0.1f, 0.9f, 0.9f, 1e-7f, 0));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < stride; ++c) {
            BOOST_TEST_INFO("row " << r << ", column " << c);
            BOOST_TEST((w[r * stride + c] != 7.0f) == (c < 5));
            BOOST_TEST((v[r * stride + c] != 0.0f) == (c < 5));
            BOOST_TEST((s[r * stride + c] != 0.0f) == (c < 5));
            BOOST_TEST((a[r * stride + c] != 0.0f) == (c < 5));
        }
}
