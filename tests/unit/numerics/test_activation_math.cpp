// Activation kernels against double-precision formulas, finite differences and edge cases.
#define BOOST_TEST_MODULE activation_math
#include <boost/test/unit_test.hpp>

#include <activation_tolerances.hpp>

#include <ctnet/kernels/elu.hpp>
#include <ctnet/kernels/gelu.hpp>
#include <ctnet/kernels/leaky_relu.hpp>
#include <ctnet/kernels/linear.hpp>
#include <ctnet/kernels/mish.hpp>
#include <ctnet/kernels/prelu.hpp>
#include <ctnet/kernels/relu.hpp>
#include <ctnet/kernels/rrelu.hpp>
#include <ctnet/kernels/selu.hpp>
#include <ctnet/kernels/sigmoid.hpp>
#include <ctnet/kernels/softmax.hpp>
#include <ctnet/kernels/swish.hpp>
#include <ctnet/kernels/tanh_act.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace k = ctnet::kernels;
namespace tol = ctnet::test::activation_math;

namespace {

using fwd_fn = std::function<void(const float*, float*, std::size_t)>;
using bwd_fn = std::function<void(const float*, const float*, const float*, float*, std::size_t)>;

struct activation_case {
    std::string name;
    fwd_fn forward;
    bwd_fn backward;
    std::function<double(double)> f;  // naive double formula
    std::function<double(double)> df; // its derivative, by hand
    tol::tolerance forward_tol;
    double derivative_abs; // see activation_tolerances.hpp
    // Multiplies the relative tolerances where the function itself is ill-conditioned in float
    // (the argument of an exp is computed with a relative error, see gelu_tanh).
    std::function<double(double)> condition = [](double) { return 1.0; };
};

// Backward must not touch a buffer its flags say it does not read: passing nullptr proves it.
template <class K>
void backward_with_only_flagged_buffers(const K& kernel, const float* z, const float* y, const float* dy, float* dz,
                                        std::size_t n) {
    kernel.backward(K::backward_reads_input ? z : nullptr, K::backward_reads_output ? y : nullptr, dy, dz, n);
}

template <class K>
activation_case make(std::string name, K kernel, std::function<double(double)> f, std::function<double(double)> df,
                     tol::tolerance ft, double dabs) {
    return {std::move(name),
            [kernel](const float* z, float* y, std::size_t n) { kernel.forward(z, y, n); },
            [kernel](const float* z, const float* y, const float* dy, float* dz, std::size_t n) {
                backward_with_only_flagged_buffers(kernel, z, y, dy, dz, n);
            },
            std::move(f), std::move(df), ft, dabs};
}

double sig(double z) { return 1.0 / (1.0 + std::exp(-z)); }
double softplus(double z) { return z > 30 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); }
double phi_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
double gelu_u(double z) { return std::sqrt(2 / M_PI) * (z + 0.044715 * z * z * z); }
double phi_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * M_PI); }

constexpr double selu_alpha = 1.6732632423543772848170429916717;
constexpr double selu_scale = 1.0507009873554804934193349852946;

std::vector<activation_case> cases() {
    const double u = tol::derivative_from_output_abs_per_unit_scale;
    const double zi = tol::derivative_from_input_abs;
    std::vector<activation_case> c;
    c.push_back(make("linear", k::linear{}, [](double z) { return z; }, [](double) { return 1.0; },
                     tol::forward_exact, 0.0));
    c.push_back(make("sigmoid", k::sigmoid{}, sig, [](double z) { return sig(z) * sig(-z); },
                     tol::forward_exp_based, u));
    c.push_back(make("tanh", k::tanh_act{}, [](double z) { return std::tanh(z); },
                     [](double z) { return 1.0 / (std::cosh(z) * std::cosh(z)); }, tol::forward_exp_based, u));
    c.push_back(make("relu", k::relu{}, [](double z) { return z > 0 ? z : 0.0; },
                     [](double z) { return z > 0 ? 1.0 : 0.0; }, tol::forward_exact, 0.0));
    for (float a : {0.3f, 0.2f, 0.01f, 0.0f})
        c.push_back(make("leaky_relu_" + std::to_string(a), k::leaky_relu{a},
                         [a](double z) { return z >= 0 ? z : double(a) * z; },
                         [a](double z) { return !std::signbit(z) ? 1.0 : double(a); }, tol::forward_exact, 0.0));
    for (float a : {1.0f, 0.5f, 2.0f})
        c.push_back(make("elu_" + std::to_string(a), k::elu{a},
                         [a](double z) { return z > 0 ? z : double(a) * std::expm1(z); },
                         [a](double z) { return z > 0 ? 1.0 : double(a) * std::exp(z); }, tol::forward_exp_based,
                         u * a));
    c.push_back(make("selu", k::selu{},
                     [](double z) { return selu_scale * (z > 0 ? z : selu_alpha * std::expm1(z)); },
                     [](double z) { return selu_scale * (z > 0 ? 1.0 : selu_alpha * std::exp(z)); },
                     tol::forward_exp_based, u * selu_alpha * selu_scale));
    c.push_back(make("gelu", k::gelu{}, [](double z) { return z * phi_cdf(z); },
                     [](double z) { return phi_cdf(z) + z * phi_pdf(z); }, tol::forward_gelu, zi));
    // 1 + tanh u = 2 s(2u) exactly; the double reference uses the right side because the left
    // cancels to 0 in double below z = -10 while the float result is still a normal number.
    c.push_back(make("gelu_tanh", k::gelu{true}, [](double z) { return z * sig(2 * gelu_u(z)); },
                     [](double z) {
                         const double s = sig(2 * gelu_u(z)), sc = sig(-2 * gelu_u(z));
                         return s + z * s * sc * 2 * std::sqrt(2 / M_PI) * (1 + 3 * 0.044715 * z * z);
                     },
                     tol::forward_exp_based, zi));
    // In the negative tail y ~ z e^{2u}: the float 2u (a cubic, a few ulp of relative error)
    // feeds exp, so the relative error grows like |2u| ulp (|2u| = 87 at z = -10). The exact
    // form avoids this by splitting z^2 exactly; the cubic has no such cheap split.
    c.back().condition = [](double z) { return 1.0 + std::abs(2 * gelu_u(z)) / 4; };
    c.push_back(make("swish", k::swish{}, [](double z) { return z * sig(z); },
                     [](double z) { return sig(z) * (1.0 + z * sig(-z)); }, tol::forward_exp_based, zi));
    c.push_back(make("mish", k::mish{}, [](double z) { return z * std::tanh(softplus(z)); },
                     [](double z) {
                         const double w = std::tanh(softplus(z));
                         return w + z * (1.0 - w * w) * sig(z);
                     },
                     tol::forward_exp_based, zi));
    // Inference-mode RReLU is a leaky ReLU with slope (lower + upper) / 2.
    c.push_back(make("rrelu_inference", k::rrelu{1.0f / 8, 1.0f / 3},
                     [](double z) { return z >= 0 ? z : double((1.0f / 8 + 1.0f / 3) * 0.5f) * z; },
                     [](double z) { return !std::signbit(z) ? 1.0 : double((1.0f / 8 + 1.0f / 3) * 0.5f); },
                     tol::forward_exact, 0.0));
    return c;
}

// A dense grid and the extremes the brief names: +-20, +-88, saturation, tiny and subnormal
// values, and the float range's ends. 6001 + specials: not a multiple of 16, so the tail runs.
std::vector<float> grid() {
    std::vector<float> g;
    for (int i = -3000; i <= 3000; ++i) g.push_back(static_cast<float>(i) * 0.01f);
    for (float s : {0.0f, 1e-40f, 1e-30f, 1e-20f, 1e-8f, 1e-6f, 1e-4f, 0.37f, 0.75f, 1.19f, 1.28f, 15.0f, 17.0f,
                    20.0f, 30.0f, 50.0f, 87.0f, 88.0f, 88.5f, 88.72f, 89.0f, 100.0f, 104.0f, 200.0f, 1e4f, 1e30f,
                    std::numeric_limits<float>::max()}) {
        g.push_back(s);
        g.push_back(-s);
    }
    return g;
}

bool close(double got, double want, tol::tolerance t) { return std::abs(got - want) <= t.abs + t.rel * std::abs(want); }

} // namespace

BOOST_AUTO_TEST_CASE(forward_matches_double_formula_and_stays_finite) {
    const std::vector<float> z = grid();
    for (const auto& c : cases()) {
        std::vector<float> y(z.size());
        c.forward(z.data(), y.data(), z.size());
        double worst = 0;
        for (std::size_t i = 0; i < z.size(); ++i) {
            const double want = c.f(z[i]);
            const double wantf = static_cast<double>(static_cast<float>(want)); // the float result exists?
            BOOST_TEST_CONTEXT(c.name << " z=" << z[i] << " y=" << y[i] << " want=" << want) {
                BOOST_TEST(!std::isnan(y[i]));
                if (std::isfinite(wantf)) {
                    BOOST_TEST(std::isfinite(y[i]));
                    const double zs = std::max(1.0, std::abs(double(z[i])));
                    BOOST_TEST(close(y[i], want, {c.forward_tol.abs * zs, c.forward_tol.rel * c.condition(z[i])}));
                } else {
                    BOOST_TEST(y[i] == wantf); // overflows to inf where the true value exceeds FLT_MAX
                }
            }
            if (std::isfinite(wantf) && std::abs(want) >= std::numeric_limits<float>::min())
                worst = std::max(worst, std::abs(y[i] - want) / std::abs(want));
        }
        BOOST_TEST_MESSAGE(c.name << ": max relative forward error over normal results " << worst / tol::ulp << " ulp");
    }
}

BOOST_AUTO_TEST_CASE(backward_matches_double_derivative) {
    const std::vector<float> z = grid();
    std::vector<float> dy(z.size());
    for (std::size_t i = 0; i < z.size(); ++i) dy[i] = 0.5f + 0.25f * static_cast<float>(i % 5); // not all 1
    for (const auto& c : cases()) {
        std::vector<float> y(z.size()), dz(z.size());
        c.forward(z.data(), y.data(), z.size());
        c.backward(z.data(), y.data(), dy.data(), dz.data(), z.size());
        for (std::size_t i = 0; i < z.size(); ++i) {
            const double want = dy[i] * c.df(z[i]);
            // abs scales with the larger term of the derivative: the scale of y for derivatives
            // taken from y, max(1, |z|) for those taken from z (see the tolerance header).
            const bool from_input = c.name.rfind("gelu", 0) == 0 || c.name == "swish" || c.name == "mish";
            const double scale = from_input ? std::max(1.0, std::abs(double(z[i]))) : 1.0;
            const tol::tolerance ti{c.derivative_abs * dy[i] * scale, tol::derivative_rel * c.condition(z[i])};
            BOOST_TEST_CONTEXT(c.name << " z=" << z[i] << " dz=" << dz[i] << " want=" << want) {
                BOOST_TEST(std::isfinite(dz[i]));
                BOOST_TEST(close(dz[i], want, ti));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(hand_derivatives_match_central_differences_in_double) {
    for (const auto& c : cases())
        for (int i = -1200; i <= 1200; ++i) {
            const double z = i * 0.025 + 0.0031; // off the kinks at 0
            const double h = tol::fd_double_step * std::max(1.0, std::abs(z));
            const double fd = (c.f(z + h) - c.f(z - h)) / (2 * h);
            BOOST_TEST_CONTEXT(c.name << " z=" << z) { BOOST_TEST(close(c.df(z), fd, tol::fd_double)); }
        }
}

BOOST_AUTO_TEST_CASE(backward_matches_central_differences_of_the_float_forward) {
    std::vector<float> z;
    for (int i = -512; i <= 512; ++i)
        if (i != 0) z.push_back(static_cast<float>(i) / 64.0f); // multiples of 1/64: z +- h exact
    const float h = static_cast<float>(tol::fd_float_step);
    for (const auto& c : cases()) {
        std::vector<float> zp(z), zm(z), yp(z.size()), ym(z.size()), y(z.size()), dz(z.size());
        for (std::size_t i = 0; i < z.size(); ++i) {
            zp[i] += h;
            zm[i] -= h;
        }
        c.forward(zp.data(), yp.data(), z.size());
        c.forward(zm.data(), ym.data(), z.size());
        c.forward(z.data(), y.data(), z.size());
        const std::vector<float> ones(z.size(), 1.0f);
        c.backward(z.data(), y.data(), ones.data(), dz.data(), z.size());
        for (std::size_t i = 0; i < z.size(); ++i) {
            if (std::abs(z[i]) <= h && (c.name.rfind("leaky", 0) == 0 || c.name.rfind("rrelu", 0) == 0)) continue;
            const double fd = (double(yp[i]) - double(ym[i])) / (2.0 * h);
            BOOST_TEST_CONTEXT(c.name << " z=" << z[i]) { BOOST_TEST(close(dz[i], fd, tol::fd_float)); }
        }
    }
}

BOOST_AUTO_TEST_CASE(in_place_and_elementwise_calls_agree_bitwise) {
    // The vector path handles the tail with masked loads: a value must not depend on its
    // position or on the array length, and z == y / dy == dz must work.
    const std::vector<float> z = grid();
    for (const auto& c : cases()) {
        std::vector<float> y(z.size()), in_place(z), one(1), dz(z.size()), dz_in_place(z.size());
        c.forward(z.data(), y.data(), z.size());
        c.forward(in_place.data(), in_place.data(), in_place.size());
        std::vector<float> dy(z.size(), 0.75f);
        c.backward(z.data(), y.data(), dy.data(), dz.data(), z.size());
        dz_in_place = dy;
        c.backward(z.data(), y.data(), dz_in_place.data(), dz_in_place.data(), z.size());
        for (std::size_t i = 0; i < z.size(); i += 7) {
            c.forward(&z[i], one.data(), 1);
            BOOST_TEST_CONTEXT(c.name << " i=" << i) {
                BOOST_TEST(std::memcmp(&one[0], &y[i], sizeof(float)) == 0);
                BOOST_TEST(std::memcmp(&in_place[i], &y[i], sizeof(float)) == 0);
                BOOST_TEST(std::memcmp(&dz_in_place[i], &dz[i], sizeof(float)) == 0);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(nan_propagates) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (const auto& c : cases()) {
        std::vector<float> z(19, 1.0f), y(19);
        z[3] = nan;
        z[17] = nan;
        c.forward(z.data(), y.data(), z.size());
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(std::isnan(y[3]));
            BOOST_TEST(std::isnan(y[17]));
            BOOST_TEST(!std::isnan(y[4]));
        }
    }
}

BOOST_AUTO_TEST_CASE(selu_constants_are_keras_float32_and_exact_constants) {
    BOOST_TEST(k::selu::alpha == static_cast<float>(selu_alpha));
    BOOST_TEST(k::selu::scale == static_cast<float>(selu_scale));
}

BOOST_AUTO_TEST_CASE(leaky_relu_slope_at_negative_zero_products) {
    // alpha * z rounding to -0 must still take the slope alpha (y's sign bit, not y >= 0).
    const float z[2] = {-1e-45f, -5.0f};
    float y[2], dz[2];
    const float dy[2] = {1.0f, 1.0f};
    k::leaky_relu{0.0f}.forward(z, y, 2);
    k::leaky_relu{0.0f}.backward(z, y, dy, dz, 2);
    BOOST_TEST(dz[0] == 0.0f);
    BOOST_TEST(dz[1] == 0.0f);
    k::leaky_relu{0.3f}.forward(z, y, 2);
    k::leaky_relu{0.3f}.backward(z, y, dy, dz, 2);
    BOOST_TEST(dz[0] == 0.3f);
}

BOOST_AUTO_TEST_CASE(softmax_rows_sum_to_one_and_match_double) {
    for (std::size_t n : {1u, 3u, 10u, 16u, 17u, 100u, 1000u}) {
        const std::size_t rows = 5;
        std::vector<float> z(rows * n), y(rows * n);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t j = 0; j < n; ++j) {
                const float base = r == 0 ? 0.0f : r == 1 ? 1e4f : r == 2 ? -1e4f : r == 3 ? 88.0f : -3e38f;
                z[r * n + j] = base + static_cast<float>((j * 37) % 23) * (r == 4 ? 1e37f : 0.7f);
            }
        k::softmax{n}.forward(z.data(), y.data(), z.size());
        for (std::size_t r = 0; r < rows; ++r) {
            double m = -1e300, s = 0, ysum = 0;
            for (std::size_t j = 0; j < n; ++j) m = std::max(m, double(z[r * n + j]));
            for (std::size_t j = 0; j < n; ++j) s += std::exp(double(z[r * n + j]) - m);
            const tol::tolerance t{tol::softmax_forward_base.abs,
                                   tol::softmax_forward_base.rel + tol::softmax_forward_rel_per_term * double(n)};
            for (std::size_t j = 0; j < n; ++j) {
                const double want = std::exp(double(z[r * n + j]) - m) / s;
                BOOST_TEST_CONTEXT("n=" << n << " row=" << r << " j=" << j) {
                    BOOST_TEST(std::isfinite(y[r * n + j]));
                    BOOST_TEST(close(y[r * n + j], want, t));
                }
                ysum += y[r * n + j];
            }
            BOOST_TEST_CONTEXT("n=" << n << " row=" << r) { BOOST_TEST(std::abs(ysum - 1.0) <= t.rel); }
        }
    }
}

BOOST_AUTO_TEST_CASE(softmax_backward_is_the_jacobian_product) {
    for (std::size_t n : {2u, 10u, 33u}) {
        std::vector<float> z(2 * n), y(2 * n), dy(2 * n), dz(2 * n);
        for (std::size_t i = 0; i < z.size(); ++i) {
            z[i] = std::sin(float(i) * 1.3f) * 4.0f;
            dy[i] = std::cos(float(i) * 0.7f);
        }
        k::softmax{n}.forward(z.data(), y.data(), z.size());
        k::softmax{n}.backward(z.data(), y.data(), dy.data(), dz.data(), z.size());
        for (std::size_t r = 0; r < 2; ++r)
            for (std::size_t i = 0; i < n; ++i) {
                // Full Jacobian in double: J_ji = y_j (delta_ji - y_i); dz_i = sum_j dy_j J_ji.
                double want = 0;
                for (std::size_t j = 0; j < n; ++j)
                    want += double(dy[r * n + j]) * double(y[r * n + j]) *
                            ((i == j ? 1.0 : 0.0) - double(y[r * n + i]));
                BOOST_TEST_CONTEXT("n=" << n << " i=" << i) {
                    BOOST_TEST(close(dz[r * n + i], want, {4 * tol::ulp, tol::derivative_rel}));
                }
            }
    }
}

BOOST_AUTO_TEST_CASE(prelu_per_unit_slopes_and_alpha_gradient) {
    const std::size_t units = 19, rows = 3;
    std::vector<float> alpha(units), z(rows * units), y(rows * units), dy(rows * units), dz(rows * units);
    for (std::size_t j = 0; j < units; ++j) alpha[j] = -0.5f + 0.1f * float(j); // negative slopes too
    for (std::size_t i = 0; i < z.size(); ++i) {
        z[i] = std::sin(float(i) * 2.1f) * 3.0f;
        dy[i] = std::cos(float(i));
    }
    z[5] = 0.0f;
    const k::prelu p{alpha.data(), units};
    p.forward(z.data(), y.data(), z.size());
    p.backward(z.data(), y.data(), dy.data(), dz.data(), z.size());
    std::vector<float> dalpha(units, 1.0f); // accumulates onto what is there
    p.accumulate_alpha_gradient(z.data(), dy.data(), dalpha.data(), z.size());
    for (std::size_t j = 0; j < units; ++j) {
        double ga = 1.0;
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t i = r * units + j;
            const double zi = z[i];
            BOOST_TEST(close(y[i], zi >= 0 ? zi : alpha[j] * zi, tol::forward_exact));
            const double d = zi > 0 ? 1.0 : zi < 0 ? alpha[j] : 0.0;
            BOOST_TEST(close(dz[i], dy[i] * d, tol::forward_exact));
            ga += double(dy[i]) * std::min(zi, 0.0);
        }
        BOOST_TEST(close(dalpha[j], ga, {1e-6, 1e-6}));
    }
}

BOOST_AUTO_TEST_CASE(rrelu_training_slopes_are_uniform_counter_based_and_redrawn_in_backward) {
    const k::rrelu r{1.0f / 8, 1.0f / 3};
    const std::size_t rows = 64, cols = 300;
    std::vector<float> z(rows * cols, -1.0f), y(rows * cols), dz(rows * cols);
    z[7] = 2.0f;
    const k::rrelu::draw d{42, 3, 17, 0};
    r.forward_training(z.data(), y.data(), rows, cols, d);
    BOOST_TEST(y[7] == 2.0f);
    double sum = 0, sq = 0;
    std::size_t count = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        if (i == 7) continue;
        const double a = -y[i];
        BOOST_TEST((a >= 1.0 / 8 - 1e-7 && a <= 1.0 / 3 + 1e-7));
        sum += a;
        sq += a * a;
        ++count;
    }
    const double mean = sum / count, var = sq / count - mean * mean;
    const double width = 1.0 / 3 - 1.0 / 8;
    const double se = width / std::sqrt(12.0 * count);
    BOOST_TEST(std::abs(mean - (1.0 / 8 + 1.0 / 3) / 2) <= tol::moment_z * se);
    BOOST_TEST(std::abs(var - width * width / 12) <= tol::moment_z * width * width / std::sqrt(180.0 * count));
    // Slope of element (row, unit) is a pure function of the counter: a thread doing rows 10..19
    // (first_row = 10) gets the same values.
    std::vector<float> part(10 * cols);
    r.forward_training(z.data() + 10 * cols, part.data(), 10, cols, {42, 3, 17, 10});
    BOOST_TEST(std::memcmp(part.data(), y.data() + 10 * cols, part.size() * sizeof(float)) == 0);
    // Backward redraws the same slopes: dz = dy * slope = y / z * dy with dy = 1, z = -1.
    const std::vector<float> ones(z.size(), 1.0f);
    r.backward_training(y.data(), ones.data(), dz.data(), rows, cols, d);
    for (std::size_t i = 0; i < y.size(); ++i) BOOST_TEST(dz[i] == (i == 7 ? 1.0f : -y[i]));
    // Another step draws other slopes.
    std::vector<float> y2(z.size());
    r.forward_training(z.data(), y2.data(), rows, cols, {42, 3, 18, 0});
    BOOST_TEST(std::memcmp(y2.data(), y.data(), y.size() * sizeof(float)) != 0);
}
