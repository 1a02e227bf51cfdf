// Keras 3 Adamax (kernels::adamax) against its recurrence written out in double.
#define BOOST_TEST_MODULE adamax
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/adamax.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

BOOST_AUTO_TEST_CASE(first_step_by_hand)
{
    // Step 1: m = 0.1 g, u = |g|, so w -= lr * 0.1 g / (0.1 (|g| + eps)) = lr * sign(g) (nearly).
    float w = 1.0f, m = 0.0f, u = 0.0f;
    const float g = -0.5f;
    k::adamax::step_block(&w, &g, &m, &u, 1, 1, 1, 0, k::adamax::step_constants::of(0.01f, 0.9f, 0.999f, 1e-7f, 0));
    tmt::check_close(m, -0.05, tmt::adamax_steps, "m");
    tmt::check_close(u, 0.5, tmt::adamax_steps, "u");
    tmt::check_close(w, 1.0 + 0.01 * 0.05 / (0.1 * (0.5 + 1e-7)), tmt::adamax_steps, "w");
}

BOOST_AUTO_TEST_CASE(ten_steps_match_the_recurrence_in_double)
{
    // Gradients shrink over the steps, so u decays (beta_2 u wins the max) on some elements and
    // is renewed by |g| on others.
    for (const std::size_t n : {1u, 15u, 16u, 17u, 100u}) {
        tmt::input_source src(static_cast<std::uint32_t>(n));
        const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
        std::vector<float> w = w0, m(n, 0.0f), u(n, 0.0f);
        std::vector<double> wd = tmt::to_double(w0), md(n, 0.0), ud(n, 0.0);
        const float lr = 0.01f, b1 = 0.9f, b2 = 0.9f, eps = 1e-7f;
        for (std::uint64_t s = 0; s < 10; ++s) {
            auto g = src.uniform_vector(n, -1.0f, 1.0f);
            for (float& x : g) x *= std::pow(0.8f, static_cast<float>(s));
            k::adamax::step_block(w.data(), g.data(), m.data(), u.data(), 1, n, n, 0,
                                  k::adamax::step_constants::of(lr, b1, b2, eps, s));
            const double t = static_cast<double>(s + 1);
            for (std::size_t i = 0; i < n; ++i) {
                md[i] += (g[i] - md[i]) * (1.0 - double{b1});
                ud[i] = std::max(double{b2} * ud[i], std::abs(double{g[i]}));
                wd[i] -= double{lr} * md[i] / ((1.0 - std::pow(double{b1}, t)) * (ud[i] + eps));
            }
        }
        BOOST_TEST_CONTEXT("n " << n) {
            tmt::check_all_close(w, wd, tmt::adamax_steps, "w");
            tmt::check_all_close(m, md, tmt::adamax_steps, "m");
            tmt::check_all_close(u, ud, tmt::adamax_steps, "u");
        }
    }
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_updates_only_its_rows)
{
    // A kernel tile: 3 rows of 5 columns, 8 floats apart; the floats between the rows are not touched.
    constexpr std::size_t stride = 8;
    std::vector<float> w(3 * stride, 7.0f), g(3 * stride, 0.25f), m(3 * stride, 0.0f), u(3 * stride, 0.0f);
    k::adamax::step_block(w.data(), g.data(), m.data(), u.data(), 3, 5, stride, 0,
                          k::adamax::step_constants::of(0.1f, 0.9f, 0.999f, 1e-7f, 0));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < stride; ++c) {
            BOOST_TEST_INFO("row " << r << ", column " << c);
            BOOST_TEST((w[r * stride + c] != 7.0f) == (c < 5));
            BOOST_TEST((u[r * stride + c] != 0.0f) == (c < 5));
        }
}
