// Batch-norm kernels against double-precision formulas and finite differences.
#define BOOST_TEST_MODULE batch_norm
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/batch_norm.hpp>

#include <cmath>
#include <tuple>
#include <type_traits>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

namespace {

template <std::size_t N>
using width = std::integral_constant<std::size_t, N>;
using feature_counts = std::tuple<width<1>, width<5>, width<16>, width<37>, width<300>>;

constexpr float momentum = 0.99f;
constexpr float epsilon = 1e-3f;

struct bn_double {
    std::vector<double> mean, var, x_hat, y;
};

// The textbook formula in double: biased variance, y = gamma (x - mean) / sqrt(var + eps) + beta.
bn_double naive_train(const std::vector<double>& x, const std::vector<double>& gamma,
                      const std::vector<double>& beta, std::size_t m, double eps)
{
    const std::size_t n = gamma.size();
    bn_double r{std::vector<double>(n, 0.0), std::vector<double>(n, 0.0), std::vector<double>(m * n),
                std::vector<double>(m * n)};
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) r.mean[j] += x[i * n + j] / double(m);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const double d = x[i * n + j] - r.mean[j];
            r.var[j] += d * d / double(m);
        }
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            r.x_hat[i * n + j] = (x[i * n + j] - r.mean[j]) / std::sqrt(r.var[j] + eps);
            r.y[i * n + j] = gamma[j] * r.x_hat[i * n + j] + beta[j];
        }
    return r;
}

double weighted_sum(const std::vector<double>& y, const std::vector<double>& w)
{
    double s = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) s += y[i] * w[i];
    return s;
}

std::vector<double> naive_inference(const std::vector<double>& x, const std::vector<double>& gamma,
                                    const std::vector<double>& beta, const std::vector<double>& mm,
                                    const std::vector<double>& mv, double eps)
{
    const std::size_t n = gamma.size();
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const std::size_t j = i % n;
        y[i] = gamma[j] * (x[i] - mm[j]) / std::sqrt(mv[j] + eps) + beta[j];
    }
    return y;
}

struct bn_params {
    std::vector<float> gamma, beta, moving_mean, moving_variance;
};

bn_params random_params(tmt::input_source& src, std::size_t n)
{
    return {src.uniform_vector(n, 0.5f, 1.5f), src.uniform_vector(n, -0.5f, 0.5f),
            src.uniform_vector(n, -0.5f, 0.5f), src.uniform_vector(n, 0.5f, 2.0f)};
}

// x with a different offset and spread per feature, so normalisation has something to do.
std::vector<float> random_batch(tmt::input_source& src, std::size_t m, std::size_t n)
{
    std::vector<float> x(m * n);
    for (std::size_t j = 0; j < n; ++j) {
        const float offset = src.uniform(-2.0f, 2.0f);
        const float spread = src.uniform(0.2f, 3.0f);
        for (std::size_t i = 0; i < m; ++i) x[i * n + j] = offset + spread * src.uniform(-1.0f, 1.0f);
    }
    return x;
}

} // namespace

BOOST_AUTO_TEST_CASE_TEMPLATE(train_forward_matches_formula_and_updates_moving_stats, W, feature_counts)
{
    constexpr std::size_t n = W::value;
    for (const std::size_t m : {1u, 2u, 7u, 32u}) {
        tmt::input_source src(static_cast<std::uint32_t>(10 * n + m));
        const auto x = random_batch(src, m, n);
        auto p = random_params(src, n);
        const auto mm0 = p.moving_mean, mv0 = p.moving_variance;
        std::vector<float> mean(n), inv_std(n), x_hat(m * n), y(m * n);
        k::batch_norm<n>::train_forward(x.data(), m, p.gamma.data(), p.beta.data(), momentum, epsilon,
                                        p.moving_mean.data(), p.moving_variance.data(), mean.data(),
                                        inv_std.data(), x_hat.data(), y.data());
        const auto want = naive_train(tmt::to_double(x), tmt::to_double(p.gamma), tmt::to_double(p.beta), m, epsilon);
        tmt::check_all_close(mean, want.mean, tmt::bn_forward, "batch mean");
        std::vector<double> want_inv(n), want_mm(n), want_mv(n);
        for (std::size_t j = 0; j < n; ++j) {
            want_inv[j] = 1.0 / std::sqrt(want.var[j] + double(epsilon));
            // Keras: moving = moving * momentum + batch * (1 - momentum), with the biased variance.
            want_mm[j] = mm0[j] * double(momentum) + want.mean[j] * (1.0 - double(momentum));
            want_mv[j] = mv0[j] * double(momentum) + want.var[j] * (1.0 - double(momentum));
        }
        tmt::check_all_close(inv_std, want_inv, tmt::bn_forward, "inv_std");
        tmt::check_all_close(x_hat, want.x_hat, tmt::bn_forward, "x_hat");
        tmt::check_all_close(y, want.y, tmt::bn_forward, "y");
        tmt::check_all_close(p.moving_mean, want_mm, tmt::bn_moving, "moving mean");
        tmt::check_all_close(p.moving_variance, want_mv, tmt::bn_moving, "moving variance");
    }
}

BOOST_AUTO_TEST_CASE(batch_of_one_gives_beta_and_zero_input_gradient)
{
    constexpr std::size_t n = 21;
    tmt::input_source src(5);
    const auto x = src.uniform_vector(n, -3.0f, 3.0f);
    auto p = random_params(src, n);
    const auto mv0 = p.moving_variance;
    std::vector<float> mean(n), inv_std(n), x_hat(n), y(n), dx(n, 1.0f), dgamma(n), dbeta(n);
    k::batch_norm<n>::train_forward(x.data(), 1, p.gamma.data(), p.beta.data(), momentum, epsilon,
                                    p.moving_mean.data(), p.moving_variance.data(), mean.data(),
                                    inv_std.data(), x_hat.data(), y.data());
    BOOST_TEST(y == p.beta);
    BOOST_TEST(mean == x);
    for (std::size_t j = 0; j < n; ++j) {
        BOOST_TEST(x_hat[j] == 0.0f);
        tmt::check_close(p.moving_variance[j], mv0[j] * double(momentum), tmt::bn_moving, "variance 0 enters");
    }
    const auto dy = src.uniform_vector(n, -1.0f, 1.0f);
    k::batch_norm<n>::train_backward(dy.data(), x_hat.data(), p.gamma.data(), inv_std.data(), 1,
                                     dx.data(), dgamma.data(), dbeta.data(), false);
    for (std::size_t j = 0; j < n; ++j) BOOST_TEST(dx[j] == 0.0f);
    BOOST_TEST(dbeta == dy);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(train_backward_matches_finite_differences, W, feature_counts)
{
    constexpr std::size_t n = W::value;
    for (const std::size_t m : {2u, 7u, 33u}) {
        tmt::input_source src(static_cast<std::uint32_t>(20 * n + m));
        const auto x = random_batch(src, m, n);
        auto p = random_params(src, n);
        const auto up = src.uniform_vector(m * n, -1.0f, 1.0f);
        std::vector<float> mean(n), inv_std(n), x_hat(m * n), y(m * n);
        k::batch_norm<n>::train_forward(x.data(), m, p.gamma.data(), p.beta.data(), momentum, epsilon,
                                        p.moving_mean.data(), p.moving_variance.data(), mean.data(),
                                        inv_std.data(), x_hat.data(), y.data());
        std::vector<float> dx(m * n), dgamma(n, 7.0f), dbeta(n, 7.0f);
        k::batch_norm<n>::train_backward(up.data(), x_hat.data(), p.gamma.data(), inv_std.data(), m,
                                         dx.data(), dgamma.data(), dbeta.data(), false);

        const auto xd = tmt::to_double(x), gd = tmt::to_double(p.gamma), bd = tmt::to_double(p.beta);
        const auto ud = tmt::to_double(up);
        const double h = tmt::fd_step;
        const auto fdx = tmt::finite_difference(xd, [&](const auto& v) { return weighted_sum(naive_train(v, gd, bd, m, epsilon).y, ud); }, h);
        const auto fdg = tmt::finite_difference(gd, [&](const auto& v) { return weighted_sum(naive_train(xd, v, bd, m, epsilon).y, ud); }, h);
        const auto fdb = tmt::finite_difference(bd, [&](const auto& v) { return weighted_sum(naive_train(xd, gd, v, m, epsilon).y, ud); }, h);
        const tmt::tolerance t{tmt::bn_backward.abs + tmt::fd_extra.abs, tmt::bn_backward.rel + tmt::fd_extra.rel};
        tmt::check_all_close(dx, fdx, t, "dx");
        tmt::check_all_close(dgamma, fdg, {t.abs * double(m), t.rel}, "dgamma");
        tmt::check_all_close(dbeta, fdb, {t.abs * double(m), t.rel}, "dbeta");

        // accumulate adds; null outputs are skipped; dx may overwrite dy.
        auto dg2 = dgamma, db2 = dbeta;
        auto dy_inout = up;
        k::batch_norm<n>::train_backward(dy_inout.data(), x_hat.data(), p.gamma.data(), inv_std.data(), m,
                                         dy_inout.data(), dg2.data(), db2.data(), true);
        BOOST_TEST(dy_inout == dx);
        for (std::size_t j = 0; j < n; ++j) {
            BOOST_TEST(dg2[j] == dgamma[j] + dgamma[j]);
            BOOST_TEST(db2[j] == dbeta[j] + dbeta[j]);
        }
        std::vector<float> dx3(m * n);
        k::batch_norm<n>::train_backward(up.data(), x_hat.data(), p.gamma.data(), inv_std.data(), m,
                                         dx3.data(), nullptr, nullptr, false);
        BOOST_TEST(dx3 == dx);
        // No dx wanted (a batch norm on the input): the parameter gradients alone, unchanged.
        std::vector<float> dg4(n, -1.0f), db4(n, -1.0f);
        k::batch_norm<n>::train_backward(up.data(), x_hat.data(), p.gamma.data(), inv_std.data(), m, nullptr,
                                         dg4.data(), db4.data(), false);
        BOOST_TEST(dg4 == dgamma);
        BOOST_TEST(db4 == dbeta);
    }
}

BOOST_AUTO_TEST_CASE(forward_in_place_equals_out_of_place)
{
    constexpr std::size_t n = 37, m = 9;
    tmt::input_source src(77);
    const auto x = random_batch(src, m, n);
    const auto p0 = random_params(src, n);
    auto run = [&](bool xhat_in_x, bool y_in_x, std::vector<float>& x_hat, std::vector<float>& y) {
        auto p = p0;
        auto buf = x;
        std::vector<float> mean(n), inv_std(n), xh(m * n), out(m * n);
        float* xh_ptr = xhat_in_x ? buf.data() : xh.data();
        float* y_ptr = y_in_x ? buf.data() : out.data();
        k::batch_norm<n>::train_forward(buf.data(), m, p.gamma.data(), p.beta.data(), momentum, epsilon,
                                        p.moving_mean.data(), p.moving_variance.data(), mean.data(),
                                        inv_std.data(), xh_ptr, y_ptr);
        x_hat.assign(xh_ptr, xh_ptr + m * n);
        y.assign(y_ptr, y_ptr + m * n);
    };
    std::vector<float> xh0, y0, xh1, y1, xh2, y2;
    run(false, false, xh0, y0);
    run(true, false, xh1, y1);
    run(false, true, xh2, y2);
    BOOST_TEST(xh1 == xh0);
    BOOST_TEST(y1 == y0);
    BOOST_TEST(xh2 == xh0);
    BOOST_TEST(y2 == y0);
}

BOOST_AUTO_TEST_CASE(moving_statistics_over_several_batches)
{
    constexpr std::size_t n = 19, m = 8;
    tmt::input_source src(99);
    auto p = random_params(src, n);
    std::vector<double> mm = tmt::to_double(p.moving_mean), mv = tmt::to_double(p.moving_variance);
    const float mom = 0.9f;
    for (int step = 0; step < 6; ++step) {
        const auto x = random_batch(src, m, n);
        std::vector<float> mean(n), inv_std(n), x_hat(m * n), y(m * n);
        k::batch_norm<n>::train_forward(x.data(), m, p.gamma.data(), p.beta.data(), mom, epsilon,
                                        p.moving_mean.data(), p.moving_variance.data(), mean.data(),
                                        inv_std.data(), x_hat.data(), y.data());
        const auto want = naive_train(tmt::to_double(x), tmt::to_double(p.gamma), tmt::to_double(p.beta), m, epsilon);
        for (std::size_t j = 0; j < n; ++j) {
            mm[j] = mm[j] * double(mom) + want.mean[j] * (1.0 - double(mom));
            mv[j] = mv[j] * double(mom) + want.var[j] * (1.0 - double(mom));
        }
    }
    tmt::check_all_close(p.moving_mean, mm, {6 * tmt::bn_moving.abs, 6 * tmt::bn_moving.rel}, "moving mean after 6 steps");
    tmt::check_all_close(p.moving_variance, mv, {6 * tmt::bn_moving.abs, 6 * tmt::bn_moving.rel}, "moving variance after 6 steps");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(inference_forward_and_backward_match_formula, W, feature_counts)
{
    constexpr std::size_t n = W::value;
    constexpr std::size_t m = 5;
    tmt::input_source src(static_cast<std::uint32_t>(30 + n));
    const auto x = random_batch(src, m, n);
    const auto p = random_params(src, n);
    std::vector<float> y(m * n);
    k::batch_norm<n>::inference_forward(x.data(), m, p.gamma.data(), p.beta.data(), p.moving_mean.data(),
                                        p.moving_variance.data(), epsilon, y.data());
    const auto gd = tmt::to_double(p.gamma), bd = tmt::to_double(p.beta);
    const auto mmd = tmt::to_double(p.moving_mean), mvd = tmt::to_double(p.moving_variance);
    tmt::check_all_close(y, naive_inference(tmt::to_double(x), gd, bd, mmd, mvd, epsilon), tmt::bn_forward, "y");
    auto in_place = x;
    k::batch_norm<n>::inference_forward(in_place.data(), m, p.gamma.data(), p.beta.data(), p.moving_mean.data(),
                                        p.moving_variance.data(), epsilon, in_place.data());
    BOOST_TEST(in_place == y);

    const auto up = src.uniform_vector(m * n, -1.0f, 1.0f);
    std::vector<float> dx(m * n);
    k::batch_norm<n>::inference_backward(up.data(), m, p.gamma.data(), p.moving_variance.data(), epsilon, dx.data());
    const auto fd = tmt::finite_difference(tmt::to_double(x), [&](const auto& v) {
        return weighted_sum(naive_inference(v, gd, bd, mmd, mvd, epsilon), tmt::to_double(up)); }, tmt::fd_step);
    tmt::check_all_close(dx, fd, {tmt::bn_forward.abs + tmt::fd_extra.abs, tmt::bn_forward.rel}, "inference dx");
}

BOOST_AUTO_TEST_CASE(fold_into_preceding_dense_equals_dense_then_batch_norm)
{
    constexpr std::size_t kin = 7, n = 37, m = 4;
    tmt::input_source src(123);
    const auto x = src.uniform_vector(m * kin, -1.0f, 1.0f);
    const auto kernel = src.uniform_vector(kin * n, -0.5f, 0.5f);
    const auto bias = src.uniform_vector(n, -0.5f, 0.5f);
    const auto p = random_params(src, n);
    for (const bool with_bias : {true, false}) {
        std::vector<float> kf(kin * n), bf(n);
        k::batch_norm<n>::fold_into_preceding_dense<kin>(kernel.data(), with_bias ? bias.data() : nullptr,
                                                         p.gamma.data(), p.beta.data(), p.moving_mean.data(),
                                                         p.moving_variance.data(), epsilon, kf.data(), bf.data());
        std::vector<double> z(m * n), folded(m * n);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                double a = with_bias ? bias[j] : 0.0, b = bf[j];
                for (std::size_t q = 0; q < kin; ++q) {
                    a += double(x[i * kin + q]) * kernel[q * n + j];
                    b += double(x[i * kin + q]) * kf[q * n + j];
                }
                z[i * n + j] = a;
                folded[i * n + j] = b;
            }
        const auto want = naive_inference(z, tmt::to_double(p.gamma), tmt::to_double(p.beta),
                                          tmt::to_double(p.moving_mean), tmt::to_double(p.moving_variance), epsilon);
        tmt::check_all_close(folded, want, tmt::bn_fold, with_bias ? "folded, with bias" : "folded, no bias");
    }
    // In place.
    auto kin_place = kernel;
    auto b_in_place = bias;
    std::vector<float> kf(kin * n), bf(n);
    k::batch_norm<n>::fold_into_preceding_dense<kin>(kernel.data(), bias.data(), p.gamma.data(), p.beta.data(),
                                                     p.moving_mean.data(), p.moving_variance.data(), epsilon,
                                                     kf.data(), bf.data());
    k::batch_norm<n>::fold_into_preceding_dense<kin>(kin_place.data(), b_in_place.data(), p.gamma.data(),
                                                     p.beta.data(), p.moving_mean.data(), p.moving_variance.data(),
                                                     epsilon, kin_place.data(), b_in_place.data());
    BOOST_TEST(kin_place == kf);
    BOOST_TEST(b_in_place == bf);
}

BOOST_AUTO_TEST_CASE(fold_into_following_dense_equals_batch_norm_then_dense)
{
    constexpr std::size_t n = 21, units = 35, m = 4;
    tmt::input_source src(321);
    const auto x = random_batch(src, m, n);
    const auto kernel = src.uniform_vector(n * units, -0.5f, 0.5f);
    const auto bias = src.uniform_vector(units, -0.5f, 0.5f);
    const auto p = random_params(src, n);
    const auto h = naive_inference(tmt::to_double(x), tmt::to_double(p.gamma), tmt::to_double(p.beta),
                                   tmt::to_double(p.moving_mean), tmt::to_double(p.moving_variance), epsilon);
    for (const bool with_bias : {true, false}) {
        std::vector<float> kf(n * units), bf(units);
        k::batch_norm<n>::fold_into_following_dense<units>(kernel.data(), with_bias ? bias.data() : nullptr,
                                                           p.gamma.data(), p.beta.data(), p.moving_mean.data(),
                                                           p.moving_variance.data(), epsilon, kf.data(), bf.data());
        std::vector<double> want(m * units), folded(m * units);
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < units; ++j) {
                double a = with_bias ? bias[j] : 0.0, b = bf[j];
                for (std::size_t q = 0; q < n; ++q) {
                    a += h[i * n + q] * kernel[q * units + j];
                    b += double(x[i * n + q]) * kf[q * units + j];
                }
                want[i * units + j] = a;
                folded[i * units + j] = b;
            }
        tmt::check_all_close(folded, want, {tmt::bn_fold.abs * n, tmt::bn_fold.rel}, with_bias ? "folded, with bias" : "folded, no bias");
    }
}

BOOST_AUTO_TEST_CASE(through_dense_tile_gives_gamma_beta_gradient_shares_and_the_kernel_gradient)
{
    // A tile of rows [3, 10) and columns [5, 42) of a 12 x 50 weight gradient: 37 columns, so the
    // last 16-lane block is partial; everything outside the tile must stay as it was.
    constexpr std::size_t k_rows = 12, units = 50, k0 = 3, k1 = 10, c0 = 5, c1 = 42;
    tmt::input_source src(777);
    const auto g0 = src.uniform_vector(k_rows * units, -1.0f, 1.0f);
    const auto w = src.uniform_vector(k_rows * units, -1.0f, 1.0f);
    const auto s = src.uniform_vector(units, -2.0f, 2.0f);
    const auto gamma = src.uniform_vector(k_rows, 0.5f, 1.5f);
    const auto beta = src.uniform_vector(k_rows, -0.5f, 0.5f);
    auto g = g0;
    std::vector<float> dgamma(k_rows, -7.0f), dbeta(k_rows, -7.0f);
    const std::size_t at = k0 * units + c0;
    k::batch_norm_through_dense_tile<units>(g.data() + at, w.data() + at, s.data() + c0, gamma.data() + k0,
                                            beta.data() + k0, k1 - k0, c1 - c0, dgamma.data() + k0, dbeta.data() + k0);
    std::vector<double> want_dgamma(k_rows, -7.0), want_dbeta(k_rows, -7.0), want_g = tmt::to_double(g0);
    for (std::size_t k = k0; k < k1; ++k) {
        want_dgamma[k] = want_dbeta[k] = 0.0;
        for (std::size_t j = c0; j < c1; ++j) {
            want_dgamma[k] += double(w[k * units + j]) * g0[k * units + j];
            want_dbeta[k] += double(w[k * units + j]) * s[j];
            want_g[k * units + j] = double(gamma[k]) * g0[k * units + j] + double(beta[k]) * s[j];
        }
    }
    tmt::check_all_close(dgamma, want_dgamma, tmt::bn_through_dense, "dgamma shares");
    tmt::check_all_close(dbeta, want_dbeta, tmt::bn_through_dense, "dbeta shares");
    tmt::check_all_close(g, want_g, tmt::bn_through_dense, "kernel gradient (tile changed, the rest untouched)");
}

BOOST_AUTO_TEST_CASE(shifted_sums_gathered_by_tiles_give_bitwise_the_one_pass_statistics)
{
    // The executor gathers a batch norm's sums in a GEMM epilogue, tile by tile (column ranges, rows
    // ascending); finish_statistics + update_moving_statistics + normalize must then equal train_forward bit for bit.
    constexpr std::size_t n = 37, m = 23;
    tmt::input_source src(4242);
    const auto x = random_batch(src, m, n);
    const auto p = random_params(src, n);
    auto mm_a = p.moving_mean, mv_a = p.moving_variance, mm_b = p.moving_mean, mv_b = p.moving_variance;
    std::vector<float> mean_a(n), inv_a(n), xh_a(m * n), y_a(m * n);
    k::batch_norm<n>::train_forward(x.data(), m, p.gamma.data(), p.beta.data(), momentum, epsilon, mm_a.data(),
                                    mv_a.data(), mean_a.data(), inv_a.data(), xh_a.data(), y_a.data());
    std::vector<float> shift(n, -1.0f), sum(n, -1.0f), sum_sq(n, -1.0f), xh_b(m * n), y_b(m * n);
    for (const auto& [c0, c1] : {std::pair<std::size_t, std::size_t>{0, 16}, {16, 21}, {21, 37}})
        for (const auto& [r0, r1] : {std::pair<std::size_t, std::size_t>{0, 5}, {5, 6}, {6, 17}, {17, 23}})
            k::accumulate_shifted_sums(x.data(), n, r0, r1, c0, c1, shift.data(), sum.data(), sum_sq.data());
    k::batch_norm<n>::finish_statistics(m, epsilon, shift.data(), sum.data(), sum_sq.data());
    k::batch_norm<n>::update_moving_statistics(momentum, mm_b.data(), mv_b.data(), shift.data(), sum_sq.data());
    k::batch_norm<n>::normalize(x.data(), m, p.gamma.data(), p.beta.data(), shift.data(), sum.data(), xh_b.data(),
                                y_b.data());
    BOOST_TEST(shift == mean_a);
    BOOST_TEST(sum == inv_a);
    BOOST_TEST(mm_b == mm_a);
    BOOST_TEST(mv_b == mv_a);
    BOOST_TEST(xh_b == xh_a);
    BOOST_TEST(y_b == y_a);
}

BOOST_AUTO_TEST_CASE(nearly_constant_feature_keeps_its_variance)
{
    // x = 100 + 0.01 u: float x^2 carries ~6e-4 of rounding, far above the variance (~3e-5), so
    // E[x^2] - mean^2 would be noise; the shifted one-pass sums must stay accurate.
    constexpr std::size_t n = 3, m = 64;
    tmt::input_source src(99);
    std::vector<float> x(m * n);
    for (auto& v : x) v = 100.0f + 0.01f * src.uniform(-1.0f, 1.0f);
    const auto p = random_params(src, n);
    auto mm = p.moving_mean, mv = p.moving_variance;
    std::vector<float> mean(n), inv_std(n), x_hat(m * n), y(m * n);
    k::batch_norm<n>::train_forward(x.data(), m, p.gamma.data(), p.beta.data(), momentum, 0.0f, mm.data(), mv.data(),
                                    mean.data(), inv_std.data(), x_hat.data(), y.data());
    const auto want = naive_train(tmt::to_double(x), tmt::to_double(p.gamma), tmt::to_double(p.beta), m, 0.0f);
    std::vector<double> want_inv(n);
    for (std::size_t j = 0; j < n; ++j) want_inv[j] = 1.0 / std::sqrt(want.var[j]);
    tmt::check_all_close(inv_std, want_inv, tmt::bn_forward, "inv_std of a nearly constant feature");
}
