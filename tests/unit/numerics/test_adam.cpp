// Keras 3 Adam and AMSGrad (kernels::adam) against their recurrences written out in double.
#define BOOST_TEST_MODULE adam
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/adam.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

BOOST_AUTO_TEST_CASE(first_step_by_hand)
{
    // Step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001) / 0.1, so
    // w -= lr * sqrt(0.001) / 0.1 * 0.1 g / (sqrt(0.001) |g| + eps) = lr * sign(g) (nearly: eps).
    float w = 1.0f, m = 0.0f, v = 0.0f;
    const float g = 0.5f;
    const auto c = k::adam::step_constants::of(0.01f, 0.9f, 0.999f, 1e-7f, 0);
    k::adam::step_block(&w, &g, &m, &v, nullptr, 1, 1, 1, 0, c);
    const double sqrt_v = std::sqrt(0.001 * 0.25);
    tmt::check_close(w, 1.0 - 0.01 * std::sqrt(0.001) / 0.1 * 0.05 / (sqrt_v + 1e-7), tmt::adam_steps, "w");
    tmt::check_close(m, 0.05, tmt::adam_steps, "m");
    tmt::check_close(v, 0.00025, tmt::adam_steps, "v");
}

BOOST_AUTO_TEST_CASE(ten_steps_match_the_recurrence_in_double)
{
    // Gradients shrink over the steps, so v falls and AMSGrad's max(v_hat, v) matters.
    for (const bool amsgrad : {false, true})
        for (const std::size_t n : {1u, 15u, 16u, 17u, 100u}) {
            tmt::input_source src(static_cast<std::uint32_t>(n));
            const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
            std::vector<float> w = w0, m(n, 0.0f), v(n, 0.0f), v_hat(n, 0.0f);
            std::vector<double> wd = tmt::to_double(w0), md(n, 0.0), vd(n, 0.0), vhd(n, 0.0);
            const float lr = 0.01f, b1 = 0.9f, b2 = 0.999f, eps = 1e-7f;
            for (std::uint64_t s = 0; s < 10; ++s) {
                auto g = src.uniform_vector(n, -1.0f, 1.0f);
                for (float& x : g) x *= std::pow(0.5f, static_cast<float>(s));
                k::adam::step_block(w.data(), g.data(), m.data(), v.data(), amsgrad ? v_hat.data() : nullptr, 1, n, n,
                                    0, k::adam::step_constants::of(lr, b1, b2, eps, s));
                const double t = static_cast<double>(s + 1);
                const double alpha = lr * std::sqrt(1.0 - std::pow(double{b2}, t)) / (1.0 - std::pow(double{b1}, t));
                for (std::size_t i = 0; i < n; ++i) {
                    md[i] += (g[i] - md[i]) * (1.0 - double{b1});
                    vd[i] += (double{g[i]} * g[i] - vd[i]) * (1.0 - double{b2});
                    vhd[i] = std::max(vhd[i], vd[i]);
                    wd[i] -= md[i] * alpha / (std::sqrt(amsgrad ? vhd[i] : vd[i]) + eps);
                }
            }
            const char* what = amsgrad ? "amsgrad" : "adam";
            tmt::check_all_close(w, wd, tmt::adam_steps, what);
            tmt::check_all_close(m, md, tmt::adam_steps, what);
            tmt::check_all_close(v, vd, tmt::adam_steps, what);
            if (amsgrad) tmt::check_all_close(v_hat, vhd, tmt::adam_steps, what);
        }
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_updates_only_its_rows)
{
    // A kernel tile: 3 rows of 5 columns, 8 floats apart; the floats between the rows are not touched.
    constexpr std::size_t stride = 8;
    std::vector<float> w(3 * stride, 7.0f), g(3 * stride, 0.25f), m(3 * stride, 0.0f), v(3 * stride, 0.0f);
    k::adam::step_block(w.data(), g.data(), m.data(), v.data(), nullptr, 3, 5, stride, 0,
                        k::adam::step_constants::of(0.1f, 0.9f, 0.999f, 1e-7f, 0));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < stride; ++c) {
            BOOST_TEST_INFO("row " << r << ", column " << c);
            BOOST_TEST((w[r * stride + c] != 7.0f) == (c < 5));
            BOOST_TEST((m[r * stride + c] != 0.0f) == (c < 5));
        }
}
