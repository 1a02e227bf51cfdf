// Keras 3 Adagrad (kernels::adagrad) against its recurrence written out in double.
#define BOOST_TEST_MODULE adagrad
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/adagrad.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

BOOST_AUTO_TEST_CASE(first_step_by_hand)
{
    // acc = 0.1 + 0.25; w -= 0.01 * 0.5 / sqrt(0.35 + 1e-7): epsilon inside the root.
    float w = 1.0f, acc = 0.1f;
    const float g = 0.5f;
    k::adagrad::step_block(&w, &g, &acc, 1, 1, 1, 0, k::adagrad::step_constants::of(0.01f, 1e-7f, 0));
    tmt::check_close(acc, 0.1 + 0.25, tmt::adagrad_steps, "acc");
    tmt::check_close(w, 1.0 - 0.01 * 0.5 / std::sqrt(0.35 + 1e-7), tmt::adagrad_steps, "w");
}

BOOST_AUTO_TEST_CASE(epsilon_is_inside_the_square_root)
{
    // From a zero accumulator, a gradient of 1e-3 gives acc = 1e-6: sqrt(1e-6 + 1e-3) = 0.0316, far
    // from sqrt(1e-6) + 1e-3 = 0.002 (PyTorch's and legacy Keras 2's placement).
    float w = 0.0f, acc = 0.0f;
    const float g = 1e-3f;
    k::adagrad::step_block(&w, &g, &acc, 1, 1, 1, 0, k::adagrad::step_constants::of(1.0f, 1e-3f, 0));
    tmt::check_close(w, -1e-3 / std::sqrt(1e-6 + 1e-3), tmt::adagrad_steps, "w");
}

BOOST_AUTO_TEST_CASE(ten_steps_match_the_recurrence_in_double)
{
    for (const float acc0 : {0.1f, 0.0f})
        for (const std::size_t n : {1u, 15u, 16u, 17u, 100u}) {
            tmt::input_source src(static_cast<std::uint32_t>(n));
            const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
            std::vector<float> w = w0, acc(n, acc0);
            std::vector<double> wd = tmt::to_double(w0), accd(n, double{acc0});
            const float lr = 0.05f, eps = 1e-7f;
            for (std::uint64_t s = 0; s < 10; ++s) {
                auto g = src.uniform_vector(n, -1.0f, 1.0f);
                for (float& x : g) x *= std::pow(0.5f, static_cast<float>(s));
                k::adagrad::step_block(w.data(), g.data(), acc.data(), 1, n, n, 0,
                                       k::adagrad::step_constants::of(lr, eps, s));
                for (std::size_t i = 0; i < n; ++i) {
                    accd[i] += double{g[i]} * g[i];
                    wd[i] -= double{lr} * g[i] / std::sqrt(accd[i] + double{eps});
                }
            }
            BOOST_TEST_CONTEXT("acc0 " << acc0 << ", n " << n) {
                tmt::check_all_close(w, wd, tmt::adagrad_steps, "w");
                tmt::check_all_close(acc, accd, tmt::adagrad_steps, "acc");
            }
        }
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_updates_only_its_rows)
{
    // A kernel tile: 3 rows of 5 columns, 8 floats apart; the floats between the rows are not touched.
    constexpr std::size_t stride = 8;
    std::vector<float> w(3 * stride, 7.0f), g(3 * stride, 0.25f), acc(3 * stride, 0.1f);
    k::adagrad::step_block(w.data(), g.data(), acc.data(), 3, 5, stride, 0, k::adagrad::step_constants::of(0.1f, 1e-7f, 0));
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < stride; ++c) {
            BOOST_TEST_INFO("row " << r << ", column " << c);
            BOOST_TEST((w[r * stride + c] != 7.0f) == (c < 5));
            BOOST_TEST((acc[r * stride + c] != 0.1f) == (c < 5));
        }
}
