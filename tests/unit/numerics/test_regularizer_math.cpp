// Regularizer penalties, their gradients and max_norm against double-precision formulas.
#define BOOST_TEST_MODULE regularizer_math
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/regularizer_math.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;
using rm = k::regularizer_math;

namespace {

const std::size_t sizes[] = {1, 15, 16, 17, 100, 1023, 1024, 1025, 5000, 235'500};

double sum_abs(const std::vector<float>& w)
{
    double s = 0.0;
    for (const float x : w) s += std::fabs(double(x));
    return s;
}

double sum_squares(const std::vector<float>& w)
{
    double s = 0.0;
    for (const float x : w) s += double(x) * double(x);
    return s;
}

// Weights with exact zeros (both signs) sprinkled in, since sign(0) = 0 matters for L1.
std::vector<float> weights(std::size_t n, std::uint32_t seed)
{
    tmt::input_source src(seed);
    auto w = src.uniform_vector(n, -0.3f, 0.3f);
    for (std::size_t i = 0; i < n; i += 7) w[i] = (i % 2 == 0) ? 0.0f : -0.0f;
    return w;
}

} // namespace

BOOST_AUTO_TEST_CASE(penalties_match_double_sums)
{
    for (const std::size_t n : sizes) {
        const auto w = weights(n, static_cast<std::uint32_t>(n));
        const float l1 = 0.01f, l2 = 0.003f;
        tmt::check_close(rm::l1_penalty(w.data(), n, l1), double(l1) * sum_abs(w), tmt::penalty, "l1");
        // Keras's L2 is l2 * sum(w^2), with no 1/2.
        tmt::check_close(rm::l2_penalty(w.data(), n, l2), double(l2) * sum_squares(w), tmt::penalty, "l2");
        tmt::check_close(rm::l1_l2_penalty(w.data(), n, l1, l2), double(l1) * sum_abs(w) + double(l2) * sum_squares(w),
                         tmt::penalty, "l1_l2");
    }
    BOOST_TEST(rm::l2_penalty(nullptr, 0, 0.01f) == 0.0);
}

BOOST_AUTO_TEST_CASE(penalty_order_depends_only_on_the_length)
{
    // The same weights at a different address (alignment) give the bitwise same sum.
    const std::size_t n = 10'001;
    const auto w = weights(n, 3);
    std::vector<float> shifted(n + 3);
    std::copy(w.begin(), w.end(), shifted.begin() + 3);
    BOOST_TEST(rm::l2_penalty(w.data(), n, 0.01f) == rm::l2_penalty(shifted.data() + 3, n, 0.01f));
    BOOST_TEST(rm::l1_penalty(w.data(), n, 0.01f) == rm::l1_penalty(shifted.data() + 3, n, 0.01f));
}

BOOST_AUTO_TEST_CASE(gradients_add_l1_sign_and_twice_l2_w)
{
    for (const std::size_t n : sizes) {
        const auto w = weights(n, static_cast<std::uint32_t>(n + 1));
        tmt::input_source src(static_cast<std::uint32_t>(n + 2));
        const auto g0 = src.uniform_vector(n, -1.0f, 1.0f);
        const float l1 = 0.01f, l2 = 0.02f;
        auto g = g0, g_l1 = g0, g_l2 = g0;
        rm::add_l1_l2_gradient(w.data(), g.data(), n, l1, l2);
        rm::add_l1_gradient(w.data(), g_l1.data(), n, l1);
        rm::add_l2_gradient(w.data(), g_l2.data(), n, l2);
        std::vector<double> want(n), want_l1(n), want_l2(n);
        for (std::size_t i = 0; i < n; ++i) {
            const double s = w[i] > 0.0f ? 1.0 : (w[i] < 0.0f ? -1.0 : 0.0); // sign(0) = 0 as in TF/JAX
            want_l1[i] = g0[i] + double(l1) * s;
            want_l2[i] = g0[i] + 2.0 * double(l2) * w[i];
            want[i] = g0[i] + double(l1) * s + 2.0 * double(l2) * w[i];
        }
        tmt::check_all_close(g, want, tmt::per_element, "l1_l2 gradient");
        tmt::check_all_close(g_l1, want_l1, tmt::per_element, "l1 gradient");
        tmt::check_all_close(g_l2, want_l2, tmt::per_element, "l2 gradient");
    }
}

BOOST_AUTO_TEST_CASE(gradient_matches_finite_differences_of_the_penalty)
{
    const std::size_t n = 37;
    tmt::input_source src(11);
    auto w = src.uniform_vector(n, 0.05f, 0.5f);
    for (std::size_t i = 0; i < n; i += 2) w[i] = -w[i]; // away from 0, where |w| has no derivative
    const float l1 = 0.01f, l2 = 0.05f;
    std::vector<float> g(n, 0.0f);
    rm::add_l1_l2_gradient(w.data(), g.data(), n, l1, l2);
    const auto fd = tmt::finite_difference(tmt::to_double(w), [&](const std::vector<double>& v) {
        double s = 0.0;
        for (const double x : v) s += double(l1) * std::fabs(x) + double(l2) * x * x;
        return s;
    }, tmt::fd_step);
    tmt::check_all_close(g, fd, {tmt::per_element.abs + tmt::fd_extra.abs, tmt::per_element.rel + tmt::fd_extra.rel},
                         "gradient vs finite differences");
}

BOOST_AUTO_TEST_CASE(max_norm_scales_each_unit_column)
{
    constexpr std::size_t kin = 23, n = 37;
    const float max_value = 1.0f;
    tmt::input_source src(17);
    auto w = src.uniform_vector(kin * n, -0.5f, 0.5f);
    for (std::size_t q = 0; q < kin; ++q) {
        w[q * n + 3] *= 0.05f; // column 3: norm well below 1
        w[q * n + 5] = 0.0f;   // column 5: all zero, stays zero
    }
    const auto w0 = w;
    rm::max_norm<kin, n>(w.data(), max_value);
    std::vector<double> want(kin * n);
    for (std::size_t j = 0; j < n; ++j) {
        double s = 0.0;
        for (std::size_t q = 0; q < kin; ++q) s += double(w0[q * n + j]) * w0[q * n + j];
        const double norm = std::sqrt(s);
        // Keras: w * clip(norm, 0, max) / (1e-7 + norm): also shrinks columns below max a little.
        const double factor = std::min(norm, double(max_value)) / (1e-7 + norm);
        for (std::size_t q = 0; q < kin; ++q) want[q * n + j] = w0[q * n + j] * factor;
    }
    tmt::check_all_close(w, want, tmt::per_element, "max_norm");
    double col = 0.0;
    for (std::size_t q = 0; q < kin; ++q) col += double(w[q * n]) * w[q * n];
    BOOST_TEST(std::sqrt(col) <= double(max_value) * (1.0 + 1e-6));
    for (std::size_t q = 0; q < kin; ++q) BOOST_TEST(w[q * n + 5] == 0.0f);
}
