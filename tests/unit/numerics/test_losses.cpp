// Loss kernels against double-precision formulas, finite differences, and each other.
#define BOOST_TEST_MODULE losses
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/binary_crossentropy.hpp>
#include <ctnet/kernels/categorical_crossentropy.hpp>
#include <ctnet/kernels/mean_squared_error.hpp>
#include <ctnet/kernels/sparse_categorical_crossentropy.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

namespace {

template <std::size_t N>
using width = std::integral_constant<std::size_t, N>;
using class_counts = std::tuple<width<2>, width<3>, width<10>, width<16>, width<37>>;
using output_counts = std::tuple<width<1>, width<3>, width<16>, width<21>>;

constexpr std::size_t rows = 7;
constexpr double clip_eps = 1e-7;

double clip(double q) { return std::min(std::max(q, clip_eps), 1.0 - clip_eps); }

// ---- double-precision oracles: each returns the batch-mean loss (Keras's reported value) ----

std::vector<double> softmax_rows(const std::vector<double>& z, std::size_t n)
{
    std::vector<double> p(z.size());
    for (std::size_t i = 0; i < z.size(); i += n) {
        const double zmax = *std::max_element(z.begin() + static_cast<std::ptrdiff_t>(i),
                                              z.begin() + static_cast<std::ptrdiff_t>(i + n));
        double s = 0.0;
        for (std::size_t j = 0; j < n; ++j) s += std::exp(z[i + j] - zmax);
        for (std::size_t j = 0; j < n; ++j) p[i + j] = std::exp(z[i + j] - zmax) / s;
    }
    return p;
}

// Categorical CE with targets y (one-hot or soft) from probabilities: renormalise, clip, log.
double cce_probabilities(const std::vector<double>& p, const std::vector<double>& y, std::size_t n)
{
    double total = 0.0;
    const std::size_t m = p.size() / n;
    for (std::size_t i = 0; i < p.size(); i += n) {
        double s = 0.0;
        for (std::size_t j = 0; j < n; ++j) s += p[i + j];
        for (std::size_t j = 0; j < n; ++j) total -= y[i + j] * std::log(clip(p[i + j] / s));
    }
    return total / static_cast<double>(m);
}

double cce_logits(const std::vector<double>& z, const std::vector<double>& y, std::size_t n)
{
    const auto p = softmax_rows(z, n);
    double total = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) total -= y[i] * std::log(p[i]);
    return total / static_cast<double>(z.size() / n);
}

double bce_probabilities(const std::vector<double>& p, const std::vector<double>& y, std::size_t n)
{
    double total = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double c = clip(p[i]);
        total -= y[i] * std::log(c) + (1.0 - y[i]) * std::log(1.0 - c);
    }
    return total / static_cast<double>(n) / static_cast<double>(p.size() / n);
}

double bce_logits(const std::vector<double>& z, const std::vector<double>& y, std::size_t n)
{
    double total = 0.0;
    for (std::size_t i = 0; i < z.size(); ++i) {
        const double s = 1.0 / (1.0 + std::exp(-z[i]));
        total -= y[i] * std::log(s) + (1.0 - y[i]) * std::log(1.0 - s);
    }
    return total / static_cast<double>(n) / static_cast<double>(z.size() / n);
}

double mse(const std::vector<double>& y_pred, const std::vector<double>& y, std::size_t n)
{
    double total = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) total += (y_pred[i] - y[i]) * (y_pred[i] - y[i]);
    return total / static_cast<double>(n) / static_cast<double>(y.size() / n);
}

std::vector<double> one_hot(const std::vector<std::int32_t>& labels, std::size_t n)
{
    std::vector<double> y(labels.size() * n, 0.0);
    for (std::size_t i = 0; i < labels.size(); ++i) y[i * n + static_cast<std::size_t>(labels[i])] = 1.0;
    return y;
}

template <class V>
std::size_t argmax_row(const V& v, std::size_t i, std::size_t n)
{
    std::size_t best = 0;
    for (std::size_t j = 1; j < n; ++j)
        if (v[i * n + j] > v[i * n + best]) best = j;
    return best;
}

std::vector<std::int32_t> random_labels(tmt::input_source& src, std::size_t m, std::size_t n)
{
    std::vector<std::int32_t> labels(m);
    for (auto& l : labels) l = static_cast<std::int32_t>(src.below(n));
    return labels;
}

// Soft targets: positive rows summing to `total` (1 for a distribution).
std::vector<float> soft_targets(tmt::input_source& src, std::size_t m, std::size_t n, float total)
{
    auto y = src.uniform_vector(m * n, 0.0f, 1.0f);
    for (std::size_t i = 0; i < m; ++i) {
        float s = 0.0f;
        for (std::size_t j = 0; j < n; ++j) s += y[i * n + j];
        for (std::size_t j = 0; j < n; ++j) y[i * n + j] *= total / s;
    }
    return y;
}

tmt::tolerance scaled(tmt::tolerance t, double by) { return {t.abs * by, t.rel}; }
tmt::tolerance plus(tmt::tolerance a, tmt::tolerance b) { return {a.abs + b.abs, a.rel + b.rel}; }

} // namespace

// ------------------------------------------------------------------------------------------------
// sparse categorical cross-entropy

BOOST_AUTO_TEST_CASE_TEMPLATE(sparse_fused_matches_formula_and_finite_differences, W, class_counts)
{
    constexpr std::size_t n = W::value;
    tmt::input_source src(100 + n);
    const auto z0 = src.uniform_vector(rows * n, -4.0f, 4.0f);
    const auto labels = random_labels(src, rows, n);
    auto z = z0;
    std::vector<float> dz(rows * n);
    const auto r = k::sparse_categorical_crossentropy<n>::softmax_forward_backward(z.data(), labels.data(), rows, dz.data());

    const auto zd = tmt::to_double(z0);
    const auto y = one_hot(labels, n);
    const auto p = softmax_rows(zd, n);
    tmt::check_all_close(z, p, tmt::loss_grad, "softmax written in place");
    tmt::check_close(r.loss / rows, cce_logits(zd, y, n), tmt::loss_value, "loss");
    const auto fd = tmt::finite_difference(zd, [&](const auto& v) { return cce_logits(v, y, n); }, tmt::fd_step);
    tmt::check_all_close(dz, fd, plus(scaled(tmt::loss_grad, 1.0 / rows), tmt::fd_extra), "dz vs finite differences");

    std::size_t hits = 0;
    for (std::size_t i = 0; i < rows; ++i) hits += argmax_row(p, i, n) == static_cast<std::size_t>(labels[i]);
    BOOST_TEST(r.correct == hits);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sparse_fused_equals_softmax_then_loss_then_jacobian, W, class_counts)
{
    constexpr std::size_t n = W::value;
    using kernel = k::sparse_categorical_crossentropy<n>;
    tmt::input_source src(200 + n);
    const auto z0 = src.uniform_vector(rows * n, -3.0f, 3.0f);
    const auto labels = random_labels(src, rows, n);
    auto p = z0;
    std::vector<float> dz_fused(rows * n);
    const auto fused = kernel::softmax_forward_backward(p.data(), labels.data(), rows, dz_fused.data());

    // Unfused: loss and gradient w.r.t. the probabilities, then back through the softmax Jacobian:
    // dz_k = p_k (dp_k - sum_l p_l dp_l).
    std::vector<float> dp(rows * n);
    const auto unfused = kernel::from_probabilities(p.data(), labels.data(), rows, dp.data());
    std::vector<double> dz(rows * n);
    for (std::size_t i = 0; i < rows; ++i) {
        double dot = 0.0;
        for (std::size_t j = 0; j < n; ++j) dot += double(p[i * n + j]) * dp[i * n + j];
        for (std::size_t j = 0; j < n; ++j) dz[i * n + j] = double(p[i * n + j]) * (dp[i * n + j] - dot);
    }
    tmt::check_close(fused.loss, unfused.loss, tmt::loss_value, "fused loss vs unfused loss");
    BOOST_TEST(fused.correct == unfused.correct);
    tmt::check_all_close(dz_fused, dz, scaled(tmt::loss_grad_from_probabilities, 1.0 / rows), "fused dz vs Jacobian product");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sparse_from_logits_leaves_input_and_agrees_with_fused, W, class_counts)
{
    constexpr std::size_t n = W::value;
    using kernel = k::sparse_categorical_crossentropy<n>;
    tmt::input_source src(300 + n);
    const auto z0 = src.uniform_vector(rows * n, -5.0f, 5.0f);
    const auto labels = random_labels(src, rows, n);
    auto z = z0;
    std::vector<float> dz(rows * n), dz_fused(rows * n);
    const auto r = kernel::from_logits(z.data(), labels.data(), rows, dz.data());
    BOOST_TEST(z == z0);
    const auto value_only = kernel::from_logits(z.data(), labels.data(), rows);
    auto zf = z0;
    const auto f = kernel::softmax_forward_backward(zf.data(), labels.data(), rows, dz_fused.data());
    BOOST_TEST(r.loss == f.loss);
    BOOST_TEST(value_only.loss == f.loss);
    BOOST_TEST(r.correct == f.correct);
    BOOST_TEST(dz == dz_fused);
    // In place: the gradient may overwrite the logits.
    auto zi = z0;
    kernel::softmax_forward_backward(zi.data(), labels.data(), rows, zi.data());
    BOOST_TEST(zi == dz_fused);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(sparse_from_probabilities_matches_formula_and_finite_differences, W, class_counts)
{
    constexpr std::size_t n = W::value;
    tmt::input_source src(400 + n);
    // Unnormalised positive rows: Keras divides by the row sum before clipping.
    const auto p = src.uniform_vector(rows * n, 0.05f, 1.0f);
    const auto labels = random_labels(src, rows, n);
    std::vector<float> dp(rows * n);
    const auto r = k::sparse_categorical_crossentropy<n>::from_probabilities(p.data(), labels.data(), rows, dp.data());
    const auto y = one_hot(labels, n);
    const auto pd = tmt::to_double(p);
    tmt::check_close(r.loss / rows, cce_probabilities(pd, y, n), tmt::loss_value, "loss");
    const auto fd = tmt::finite_difference(pd, [&](const auto& v) { return cce_probabilities(v, y, n); }, tmt::fd_step * 1e-2);
    tmt::check_all_close(dp, fd, plus(scaled(tmt::loss_grad_from_probabilities, 1.0 / rows), tmt::fd_extra), "dp vs finite differences");
    std::size_t hits = 0;
    for (std::size_t i = 0; i < rows; ++i) hits += argmax_row(p, i, n) == static_cast<std::size_t>(labels[i]);
    BOOST_TEST(r.correct == hits);
}

BOOST_AUTO_TEST_CASE(sparse_clipping_region_has_clipped_value_and_zero_gradient)
{
    // Row 0: the true class has probability 1e-9 (clipped up to 1e-7); row 1: probability 1
    // (clipped down to 1 - 1e-7); row 2: inside the range.
    const std::vector<float> p = {1e-9f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.25f, 0.5f, 0.25f};
    const std::vector<std::uint8_t> labels = {0, 1, 1};
    std::vector<float> dp(p.size(), 42.0f);
    const auto r = k::sparse_categorical_crossentropy<3>::from_probabilities(p.data(), labels.data(), 3, dp.data());
    const double lo = -std::log(double(1e-7f));
    const double hi = -std::log(double(1.0f - 1e-7f));
    tmt::check_close(r.loss, lo + hi - std::log(0.5), tmt::loss_value, "clipped loss");
    for (std::size_t j = 0; j < 6; ++j) BOOST_TEST(dp[j] == 0.0f);
    // Row 2, label 1, q = 0.5, S = 1, m = 3: dL/dp_k = (-1/q)(delta_k1 - q) / 3.
    tmt::check_all_close(std::vector<float>(dp.begin() + 6, dp.end()),
                        std::vector<double>{2.0 * 0.5 / 3.0, -2.0 * 0.5 / 3.0, 2.0 * 0.5 / 3.0},
                        tmt::loss_grad, "unclipped row");
}

BOOST_AUTO_TEST_CASE(sparse_accuracy_counts_rows_whose_argmax_is_the_label)
{
    constexpr std::size_t n = 10, m = 9;
    tmt::input_source src(7);
    auto z = src.uniform_vector(m * n, -1.0f, 1.0f);
    std::vector<std::int64_t> labels(m);
    std::size_t expected = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const std::size_t top = (3 * i + 1) % n;
        z[i * n + top] = 5.0f; // a clear winner
        const bool hit = i % 3 != 0;
        labels[i] = static_cast<std::int64_t>(hit ? top : (top + 1 + i % (n - 1)) % n);
        expected += hit;
    }
    std::vector<float> dz(m * n);
    const auto r = k::sparse_categorical_crossentropy<n>::softmax_forward_backward(z.data(), labels.data(), m, dz.data());
    BOOST_TEST(r.correct == expected);
}

// ------------------------------------------------------------------------------------------------
// categorical cross-entropy

BOOST_AUTO_TEST_CASE_TEMPLATE(categorical_fused_and_from_logits_match_formula, W, class_counts)
{
    constexpr std::size_t n = W::value;
    using kernel = k::categorical_crossentropy<n>;
    tmt::input_source src(500 + n);
    const auto z0 = src.uniform_vector(rows * n, -4.0f, 4.0f);
    // Targets summing to 1 and, to exercise the general gradient p * sum(y) - y, to 1.5.
    for (const float total : {1.0f, 1.5f}) {
        const auto y = soft_targets(src, rows, n, total);
        const auto yd = tmt::to_double(y);
        const auto zd = tmt::to_double(z0);
        auto z = z0;
        std::vector<float> dz(rows * n), dz_logits(rows * n);
        const auto r = kernel::softmax_forward_backward(z.data(), y.data(), rows, dz.data());
        const auto rl = kernel::from_logits(z0.data(), y.data(), rows, dz_logits.data());
        tmt::check_all_close(z, softmax_rows(zd, n), tmt::loss_grad, "softmax in place");
        tmt::check_close(r.loss / rows, cce_logits(zd, yd, n), tmt::loss_value, "loss");
        BOOST_TEST(rl.loss == r.loss);
        BOOST_TEST(dz_logits == dz);
        const auto fd = tmt::finite_difference(zd, [&](const auto& v) { return cce_logits(v, yd, n); }, tmt::fd_step);
        tmt::check_all_close(dz, fd, plus(scaled(tmt::loss_grad, 1.0 / rows), tmt::fd_extra), "dz vs finite differences");
        const auto p = softmax_rows(zd, n);
        std::size_t hits = 0;
        for (std::size_t i = 0; i < rows; ++i) hits += argmax_row(p, i, n) == argmax_row(y, i, n);
        BOOST_TEST(r.correct == hits);
    }
}

BOOST_AUTO_TEST_CASE_TEMPLATE(categorical_from_probabilities_and_jacobian_product, W, class_counts)
{
    constexpr std::size_t n = W::value;
    using kernel = k::categorical_crossentropy<n>;
    tmt::input_source src(600 + n);
    const auto p_raw = src.uniform_vector(rows * n, 0.05f, 1.0f);
    const auto y = soft_targets(src, rows, n, 1.0f);
    const auto yd = tmt::to_double(y);
    std::vector<float> dp(rows * n);
    const auto r = kernel::from_probabilities(p_raw.data(), y.data(), rows, dp.data());
    const auto pd = tmt::to_double(p_raw);
    tmt::check_close(r.loss / rows, cce_probabilities(pd, yd, n), tmt::loss_value, "loss");
    const auto fd = tmt::finite_difference(pd, [&](const auto& v) { return cce_probabilities(v, yd, n); }, tmt::fd_step * 1e-2);
    tmt::check_all_close(dp, fd, plus(scaled(tmt::loss_grad_from_probabilities, 1.0 / rows), tmt::fd_extra), "dp vs finite differences");

    // Fused equals softmax, then the loss from probabilities, then the softmax Jacobian product.
    auto z = src.uniform_vector(rows * n, -3.0f, 3.0f);
    std::vector<float> dz(rows * n), dq(rows * n);
    const auto fused = kernel::softmax_forward_backward(z.data(), y.data(), rows, dz.data());
    const auto unfused = kernel::from_probabilities(z.data(), y.data(), rows, dq.data());
    tmt::check_close(fused.loss, unfused.loss, tmt::loss_value, "fused loss vs unfused loss");
    std::vector<double> back(rows * n);
    for (std::size_t i = 0; i < rows; ++i) {
        double dot = 0.0;
        for (std::size_t j = 0; j < n; ++j) dot += double(z[i * n + j]) * dq[i * n + j];
        for (std::size_t j = 0; j < n; ++j) back[i * n + j] = double(z[i * n + j]) * (dq[i * n + j] - dot);
    }
    tmt::check_all_close(dz, back, scaled(tmt::loss_grad_from_probabilities, 1.0 / rows), "fused dz vs Jacobian product");
}

// ------------------------------------------------------------------------------------------------
// binary cross-entropy

BOOST_AUTO_TEST_CASE_TEMPLATE(binary_logits_paths_match_formula, W, output_counts)
{
    constexpr std::size_t n = W::value;
    using kernel = k::binary_crossentropy<n>;
    tmt::input_source src(700 + n);
    const auto z0 = src.uniform_vector(rows * n, -6.0f, 6.0f);
    auto y = src.uniform_vector(rows * n, 0.0f, 1.0f);
    for (std::size_t i = 0; i < y.size(); i += 2) y[i] = y[i] < 0.5f ? 0.0f : 1.0f; // hard and soft targets
    const auto zd = tmt::to_double(z0);
    const auto yd = tmt::to_double(y);
    auto z = z0;
    std::vector<float> dz(rows * n), dz_logits(rows * n);
    const auto r = kernel::sigmoid_forward_backward(z.data(), y.data(), rows, dz.data());
    const auto rl = kernel::from_logits(z0.data(), y.data(), rows, dz_logits.data());
    std::vector<double> s(rows * n);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        s[i] = 1.0 / (1.0 + std::exp(-zd[i]));
        hits += (s[i] > 0.5 ? 1.0 : 0.0) == yd[i];
    }
    tmt::check_all_close(z, s, tmt::loss_grad, "sigmoid in place");
    tmt::check_close(r.loss / rows, bce_logits(zd, yd, n), tmt::loss_value, "loss");
    BOOST_TEST(rl.loss == r.loss);
    BOOST_TEST(dz_logits == dz);
    const auto fd = tmt::finite_difference(zd, [&](const auto& v) { return bce_logits(v, yd, n); }, tmt::fd_step);
    tmt::check_all_close(dz, fd, plus(scaled(tmt::loss_grad, 1.0 / (rows * n)), tmt::fd_extra), "dz vs finite differences");
    BOOST_TEST(r.correct == hits);
    BOOST_TEST(rl.correct == hits);
}

BOOST_AUTO_TEST_CASE(binary_from_logits_is_stable_for_large_logits)
{
    // softplus form: no exp overflow, no log(0). Loss of z = +-100 with the wrong target is 100.
    const std::vector<float> z = {100.0f, -100.0f, 100.0f, -100.0f};
    const std::vector<float> y = {0.0f, 1.0f, 1.0f, 0.0f};
    std::vector<float> dz(4);
    const auto r = k::binary_crossentropy<2>::from_logits(z.data(), y.data(), 2, dz.data());
    tmt::check_close(r.loss, 100.0, tmt::loss_value, "loss");
    tmt::check_all_close(dz, std::vector<double>{0.25, -0.25, 0.0, 0.0}, tmt::loss_grad, "dz");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(binary_from_probabilities_matches_formula, W, output_counts)
{
    constexpr std::size_t n = W::value;
    tmt::input_source src(800 + n);
    auto p = src.uniform_vector(rows * n, 0.02f, 0.98f);
    auto y = src.uniform_vector(rows * n, 0.0f, 1.0f);
    for (std::size_t i = 0; i < y.size(); i += 2) y[i] = y[i] < 0.5f ? 0.0f : 1.0f;
    const auto pd = tmt::to_double(p);
    const auto yd = tmt::to_double(y);
    std::vector<float> dp(rows * n);
    const auto r = k::binary_crossentropy<n>::from_probabilities(p.data(), y.data(), rows, dp.data());
    tmt::check_close(r.loss / rows, bce_probabilities(pd, yd, n), tmt::loss_value, "loss");
    const auto fd = tmt::finite_difference(pd, [&](const auto& v) { return bce_probabilities(v, yd, n); }, tmt::fd_step * 1e-2);
    tmt::check_all_close(dp, fd, plus(scaled(tmt::loss_grad_from_probabilities, 1.0 / (rows * n)), tmt::fd_extra), "dp vs finite differences");
    std::size_t hits = 0;
    for (std::size_t i = 0; i < p.size(); ++i) hits += (p[i] > 0.5f ? 1.0f : 0.0f) == y[i];
    BOOST_TEST(r.correct == hits);
}

BOOST_AUTO_TEST_CASE(binary_clipping_region)
{
    const std::vector<float> p = {0.0f, 1.0f, 0.5f};
    const std::vector<float> y = {1.0f, 0.0f, 1.0f};
    std::vector<float> dp(3);
    const auto r = k::binary_crossentropy<3>::from_probabilities(p.data(), y.data(), 1, dp.data());
    // Keras clips in float32: 1 is clipped to c = float(1 - 1e-7), and 1 - c is then exact.
    const float c_hi = 1.0f - 1e-7f;
    const double want = (-std::log(double(1e-7f)) - std::log(1.0 - double(c_hi)) - std::log(0.5)) / 3.0;
    tmt::check_close(r.loss, want, tmt::loss_value, "clipped loss");
    BOOST_TEST(dp[0] == 0.0f);
    BOOST_TEST(dp[1] == 0.0f);
    tmt::check_close(dp[2], -2.0 / 3.0, tmt::loss_grad, "unclipped element");
}

// ------------------------------------------------------------------------------------------------
// mean squared error

BOOST_AUTO_TEST_CASE_TEMPLATE(mse_matches_formula_and_finite_differences, W, output_counts)
{
    constexpr std::size_t n = W::value;
    tmt::input_source src(900 + n);
    const auto yp = src.uniform_vector(rows * n, -2.0f, 2.0f);
    const auto yt = src.uniform_vector(rows * n, -2.0f, 2.0f);
    const auto ytd = tmt::to_double(yt);
    std::vector<float> g(rows * n);
    const auto r = k::mean_squared_error<n>::value(yt.data(), yp.data(), rows, g.data());
    const auto no_grad = k::mean_squared_error<n>::value(yt.data(), yp.data(), rows);
    BOOST_TEST(no_grad.loss == r.loss);
    BOOST_TEST(r.correct == 0u);
    tmt::check_close(r.loss / rows, mse(tmt::to_double(yp), ytd, n), tmt::loss_value, "loss");
    const auto fd = tmt::finite_difference(tmt::to_double(yp), [&](const auto& v) { return mse(v, ytd, n); }, tmt::fd_step);
    tmt::check_all_close(g, fd, plus(scaled(tmt::loss_grad, 4.0 / (rows * n)), tmt::fd_extra), "gradient vs finite differences");
}

BOOST_AUTO_TEST_CASE(accuracy_ties_go_to_the_first_maximum)
{
    // Equal logits give bitwise equal probabilities; numpy/JAX argmax (Keras's accuracy) picks the
    // first of them.
    const std::vector<float> z0 = {0.5f, 2.0f, 2.0f, -1.0f, 0.5f, 2.0f, 2.0f, -1.0f};
    const std::vector<std::int32_t> labels = {1, 1};
    auto z = z0;
    std::vector<float> dz(z.size());
    const auto r = k::sparse_categorical_crossentropy<4>::softmax_forward_backward(z.data(), labels.data(), 2, dz.data());
    BOOST_TEST(z[1] == z[2]);
    BOOST_TEST(r.correct == 2u);
    const std::vector<float> onehot = {0, 1, 0, 0, 0, 1, 0, 0};
    const auto c = k::categorical_crossentropy<4>::from_logits(z0.data(), onehot.data(), 2);
    BOOST_TEST(c.correct == 2u);
}
