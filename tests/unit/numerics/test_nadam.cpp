// Keras 3 Nadam (kernels::nadam) against its recurrence written out in double.
#define BOOST_TEST_MODULE nadam
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/nadam.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

// Keras's momentum schedule and its running product, in double.
double mu(double beta_1, double t) { return beta_1 * (1.0 - 0.5 * std::pow(0.96, t)); }

BOOST_AUTO_TEST_CASE(u_product_is_the_running_product_of_the_schedule)
{
    for (const float b1 : {0.9f, 0.95f}) {
        double p = 1.0;
        for (std::uint64_t t = 1; t <= 300; ++t) {
            p *= mu(b1, static_cast<double>(t));
            BOOST_TEST_INFO("beta_1 " << b1 << ", t " << t);
            tmt::check_close(k::nadam::u_product(b1, t), p, tmt::nadam_steps, "u_product");
        }
        // Asked again out of order (another trainer on this thread): recomputed, the same values.
        tmt::check_close(k::nadam::u_product(b1, 3), mu(b1, 1) * mu(b1, 2) * mu(b1, 3), tmt::nadam_steps, "u_product");
    }
    BOOST_TEST(k::nadam::u_product(0.9f, 0) == 1.0f);
    BOOST_TEST(k::nadam::u_product(0.0f, 5) == 0.0f);
}

BOOST_AUTO_TEST_CASE(ten_steps_match_the_recurrence_in_double)
{
    for (const float b1 : {0.9f, 0.95f})
        for (const std::size_t n : {1u, 15u, 16u, 17u, 100u}) {
            tmt::input_source src(static_cast<std::uint32_t>(n));
            const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
            std::vector<float> w = w0, m(n, 0.0f), v(n, 0.0f);
            std::vector<double> wd = tmt::to_double(w0), md(n, 0.0), vd(n, 0.0);
            const float lr = 0.01f, b2 = 0.999f, eps = 1e-7f;
            double product = 1.0;
            for (std::uint64_t s = 0; s < 10; ++s) {
                auto g = src.uniform_vector(n, -1.0f, 1.0f);
                for (float& x : g) x *= std::pow(0.5f, static_cast<float>(s));
                k::nadam::step_block(w.data(), g.data(), m.data(), v.data(), 1, n, n, 0,
                                     k::nadam::step_constants::of(lr, b1, b2, eps, s));
                const double t = static_cast<double>(s + 1);
                const double mu_t = mu(b1, t), mu_next = mu(b1, t + 1);
                product *= mu_t;
                for (std::size_t i = 0; i < n; ++i) {
                    md[i] += (g[i] - md[i]) * (1.0 - double{b1});
                    vd[i] += (double{g[i]} * g[i] - vd[i]) * (1.0 - double{b2});
                    const double m_hat = mu_next * md[i] / (1.0 - product * mu_next) + (1.0 - mu_t) * g[i] / (1.0 - product);
                    const double v_hat = vd[i] / (1.0 - std::pow(double{b2}, t));
                    wd[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
                }
            }
            BOOST_TEST_CONTEXT("beta_1 " << b1 << ", n " << n) {
                tmt::check_all_close(w, wd, tmt::nadam_steps, "w");
                tmt::check_all_close(m, md, tmt::nadam_steps, "m");
                tmt::check_all_close(v, vd, tmt::nadam_steps, "v");
            }
        }
}

BOOST_AUTO_TEST_CASE(epsilon_is_added_after_the_bias_correction)
{
    // Step 1, g = 1e-4, epsilon 1e-3: v_hat = g^2, so w -= lr * m_hat / (|g| + 1e-3); Adam's
    // placement (sqrt(v) + epsilon, v = 0.001 g^2) would give a ten times smaller denominator term.
    float w = 0.0f, m = 0.0f, v = 0.0f;
    const float g = 1e-4f;
    k::nadam::step_block(&w, &g, &m, &v, 1, 1, 1, 0, k::nadam::step_constants::of(1.0f, 0.9f, 0.999f, 1e-3f, 0));
    const double mu_1 = mu(0.9, 1), mu_2 = mu(0.9, 2);
    const double m_hat = mu_2 * 0.1 * 1e-4 / (1.0 - mu_1 * mu_2) + (1.0 - mu_1) * 1e-4 / (1.0 - mu_1);
    tmt::check_close(w, -m_hat / (1e-4 + 1e-3), tmt::nadam_steps, "w");
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_updates_only_its_rows)
{
    // A kernel tile: 3 rows of 5 columns, 8 floats apart; the floats between the rows are not touched.
    constexpr std::size_t stride = 8;
    std::vector<float> w(3 * stride, 7.0f), g(3 * stride, 0.25f), m(3 * stride, 0.0f), v(3 * stride, 0.0f);
    k::nadam::step_block(w.data(), g.data(), m.data(), v.data(), 3, 5, stride, 0,
                         k::nadam::step_constants::of(0.1f, 0.9f, 0.999f, 1e-7f, 0));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < stride; ++c) {
            BOOST_TEST_INFO("row " << r << ", column " << c);
            BOOST_TEST((w[r * stride + c] != 7.0f) == (c < 5));
            BOOST_TEST((v[r * stride + c] != 0.0f) == (c < 5));
        }
}
