// The fused plan against a naive path: the same network computed layer by layer, unfused, in
// double precision, with textbook formulas (batch statistics, biased variance, softmax then
// cross-entropy), gives the loss and every parameter gradient the fused float32 path gives.
#define BOOST_TEST_MODULE fused_vs_naive
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cmath>
#include <vector>

namespace cn = ctnet;

namespace {

// Stage 0: batch_norm on the input; stage 1: dense + elu + batch_norm (BN after the activation);
// stage 2: dense (bias dropped) + batch_norm + tanh (BN before it); stage 3: dense + softmax.
using net = cn::sequential<cn::input<6>, cn::batch_norm<>, cn::dense<5, cn::elu<>>, cn::batch_norm<0.9f, 1e-3f>,
                           cn::dense<4>, cn::batch_norm<>, cn::tanh, cn::dense<3, cn::softmax>>;
// Rows of the batch under test (check_batch sets it): more than one GEMM row tile (16), so the
// epilogues run on several tiles, and at least 128 for the scaled GEMM after the input batch norm.
std::size_t m = 0;

// float32 against double over a few layers of width <= 6: a few ulps of the values involved.
constexpr double tolerance = 2e-5;

using matrix = std::vector<double>;  // row-major

matrix matmul(const matrix& a, const float* w, std::size_t k, std::size_t n) {  // (m x k) (k x n)
    matrix c(m * n, 0.0);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t t = 0; t < k; ++t) c[i * n + j] += a[i * k + t] * w[t * n + j];
    return c;
}

struct bn_cache {
    matrix x_hat;
    std::vector<double> inv_std;
};

matrix bn_forward(const matrix& x, std::size_t n, const float* g, const float* b, double eps, bn_cache& c) {
    c.x_hat.assign(m * n, 0.0);
    c.inv_std.assign(n, 0.0);
    matrix y(m * n);
    for (std::size_t j = 0; j < n; ++j) {
        double mean = 0, var = 0;
        for (std::size_t i = 0; i < m; ++i) mean += x[i * n + j] / m;
        for (std::size_t i = 0; i < m; ++i) var += (x[i * n + j] - mean) * (x[i * n + j] - mean) / m;
        c.inv_std[j] = 1.0 / std::sqrt(var + eps);
        for (std::size_t i = 0; i < m; ++i) {
            c.x_hat[i * n + j] = (x[i * n + j] - mean) * c.inv_std[j];
            y[i * n + j] = g[j] * c.x_hat[i * n + j] + b[j];
        }
    }
    return y;
}

// Gradient through y = g * x_hat + b, x_hat from batch statistics (the full derivative).
matrix bn_backward(const matrix& dy, std::size_t n, const float* g, const bn_cache& c, std::vector<double>& dg,
                   std::vector<double>& db) {
    matrix dx(m * n);
    dg.assign(n, 0.0);
    db.assign(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t i = 0; i < m; ++i) {
            dg[j] += dy[i * n + j] * c.x_hat[i * n + j];
            db[j] += dy[i * n + j];
        }
        for (std::size_t i = 0; i < m; ++i)
            dx[i * n + j] = g[j] * c.inv_std[j] / m * (m * dy[i * n + j] - db[j] - c.x_hat[i * n + j] * dg[j]);
    }
    return dx;
}

matrix times_transposed(const matrix& dy, const float* w, std::size_t k, std::size_t n) {  // dy W^T
    matrix dx(m * k, 0.0);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t t = 0; t < k; ++t)
            for (std::size_t j = 0; j < n; ++j) dx[i * k + t] += dy[i * n + j] * w[t * n + j];
    return dx;
}

std::vector<double> weight_gradient(const matrix& x, const matrix& dy, std::size_t k, std::size_t n) {  // x^T dy
    std::vector<double> g(k * n, 0.0);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t t = 0; t < k; ++t)
            for (std::size_t j = 0; j < n; ++j) g[t * n + j] += x[i * k + t] * dy[i * n + j];
    return g;
}

std::vector<double> column_sums(const matrix& d, std::size_t n) {
    std::vector<double> s(n, 0.0);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) s[j] += d[i * n + j];
    return s;
}

} // namespace

void check_batch(std::size_t rows) {
    m = rows;
    net model{cn::seed{21}};
    constexpr const auto& p = net::plan();
    static_assert(p.stage_count == 4 && p.stages[1].bn == cn::bn_position::after_activation &&
                  p.stages[2].bn == cn::bn_position::before_activation && p.stages[2].bias == cn::no_offset);
    float* w = model.parameters();
    // Non-trivial gamma and beta, so their gradients matter.
    for (std::size_t s : {0u, 1u, 2u})
        for (std::size_t j = 0; j < p.stages[s].units; ++j) {
            w[p.stages[s].gamma + j] = 0.8f + 0.1f * static_cast<float>(j);
            w[p.stages[s].beta + j] = 0.05f * static_cast<float>(j) - 0.1f;
        }

    cn::dataset batch;
    batch.sample_shape = {6};
    for (std::size_t i = 0; i < m * 6; ++i) batch.images.push_back(std::sin(0.7f * static_cast<float>(i)) * 2.0f);
    for (std::size_t i = 0; i < m; ++i) batch.labels.push_back(static_cast<std::int32_t>((i * 2) % 3));

    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const auto result = trainer.loss_and_gradients(batch);
    const double loss = result.first;
    const std::vector<float>& grad = result.second;

    // Naive forward.
    const auto& s0 = p.stages[0];
    const auto& s1 = p.stages[1];
    const auto& s2 = p.stages[2];
    const auto& s3 = p.stages[3];
    matrix x0(batch.images.begin(), batch.images.end());
    bn_cache c0, c1, c2;
    const matrix y0 = bn_forward(x0, 6, w + s0.gamma, w + s0.beta, 1e-3, c0);
    matrix z1 = matmul(y0, w + s1.kernel, 6, 5);
    for (std::size_t i = 0; i < m * 5; ++i) z1[i] += w[s1.bias + i % 5];
    matrix a1(m * 5);
    for (std::size_t i = 0; i < m * 5; ++i) a1[i] = z1[i] > 0 ? z1[i] : std::expm1(z1[i]);
    const matrix y1 = bn_forward(a1, 5, w + s1.gamma, w + s1.beta, 1e-3, c1);
    const matrix z2 = matmul(y1, w + s2.kernel, 5, 4);
    const matrix u2 = bn_forward(z2, 4, w + s2.gamma, w + s2.beta, 1e-3, c2);
    matrix a2(m * 4);
    for (std::size_t i = 0; i < m * 4; ++i) a2[i] = std::tanh(u2[i]);
    matrix z3 = matmul(a2, w + s3.kernel, 4, 3);
    for (std::size_t i = 0; i < m * 3; ++i) z3[i] += w[s3.bias + i % 3];
    double naive_loss = 0;
    matrix dz3(m * 3);
    for (std::size_t i = 0; i < m; ++i) {
        double mx = std::max({z3[i * 3], z3[i * 3 + 1], z3[i * 3 + 2]}), sum = 0;
        for (std::size_t j = 0; j < 3; ++j) sum += std::exp(z3[i * 3 + j] - mx);
        for (std::size_t j = 0; j < 3; ++j) {
            const double pj = std::exp(z3[i * 3 + j] - mx) / sum;
            dz3[i * 3 + j] = (pj - (static_cast<std::int32_t>(j) == batch.labels[i] ? 1.0 : 0.0)) / m;
            if (static_cast<std::int32_t>(j) == batch.labels[i]) naive_loss -= std::log(pj) / m;
        }
    }
    BOOST_TEST(loss == naive_loss, boost::test_tools::tolerance(tolerance));

    // Naive backward, layer by layer.
    std::vector<double> dg, db;
    auto expect = [&](std::size_t offset, const std::vector<double>& want, const char* what) {
        for (std::size_t i = 0; i < want.size(); ++i)
            BOOST_TEST(std::abs(grad[offset + i] - want[i]) <= tolerance * (1 + std::abs(want[i])),
                       what << "[" << i << "]: fused " << grad[offset + i] << ", naive " << want[i]);
    };
    expect(s3.kernel, weight_gradient(a2, dz3, 4, 3), "dense3 kernel");
    expect(s3.bias, column_sums(dz3, 3), "dense3 bias");
    matrix du2 = times_transposed(dz3, w + s3.kernel, 4, 3);
    for (std::size_t i = 0; i < m * 4; ++i) du2[i] *= 1 - a2[i] * a2[i];
    const matrix dz2 = bn_backward(du2, 4, w + s2.gamma, c2, dg, db);
    expect(s2.gamma, dg, "bn2 gamma");
    expect(s2.beta, db, "bn2 beta");
    expect(s2.kernel, weight_gradient(y1, dz2, 5, 4), "dense2 kernel");
    const matrix dy1 = times_transposed(dz2, w + s2.kernel, 5, 4);
    matrix dz1 = bn_backward(dy1, 5, w + s1.gamma, c1, dg, db);
    expect(s1.gamma, dg, "bn1 gamma");
    expect(s1.beta, db, "bn1 beta");
    for (std::size_t i = 0; i < m * 5; ++i) dz1[i] *= z1[i] > 0 ? 1.0 : std::exp(z1[i]);
    expect(s1.kernel, weight_gradient(y0, dz1, 6, 5), "dense1 kernel");
    expect(s1.bias, column_sums(dz1, 5), "dense1 bias");
    const matrix dy0 = times_transposed(dz1, w + s1.kernel, 6, 5);
    bn_backward(dy0, 6, w + s0.gamma, c0, dg, db);
    expect(s0.gamma, dg, "bn0 gamma");
    expect(s0.beta, db, "bn0 beta");
}

BOOST_AUTO_TEST_CASE(fused_equals_naive_41_rows) { check_batch(41); }

// From executor::scaled_gemm_min_rows rows on, the input batch norm's output is not stored and the
// first dense reads x_hat with gamma and beta applied to its weights.
BOOST_AUTO_TEST_CASE(fused_equals_naive_130_rows) {
    static_assert(cn::detail::executor<net>::scaled_gemm_min_rows <= 130);
    check_batch(130);
}
