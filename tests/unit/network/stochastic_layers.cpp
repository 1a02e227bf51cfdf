// rrelu and alpha dropout as the executor runs them: the draws' keying (seed, stage, step, row,
// unit), their statistics, thread-count independence, and agreement with the external oracles
// (Keras AlphaDropout, PyTorch F.rrelu) in tests/reference/stochastic_layers.json.
#define BOOST_TEST_MODULE stochastic_layers
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "reference_json.hpp"
#include "stochastic_tolerances.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace cn = ctnet;
namespace tol = ctnet::test::stochastic;
using cn::kernels::philox;

namespace {

constexpr std::size_t rows = 128, width = 256;  // 32768 draws for each statistic

// One forward pass through the executor, in training (with the given step and pool) or inference.
template <class Net>
std::vector<float> forward(Net& model, const std::vector<float>& x, std::size_t m, bool training, std::uint32_t step,
                           cn::kernels::thread_pool* pool = nullptr) {
    using exec = cn::detail::executor<Net>;
    cn::detail::workspace ws;
    exec::prepare(ws, m);
    std::copy(x.begin(), x.end(), exec::input(ws));
    std::vector<float> state(model.state(), model.state() + Net::plan().state_floats);
    cn::detail::pass p{model.parameters(), state.data(), nullptr, &ws, m};
    p.training = training;
    p.seed = model.seed_value();
    p.step = step;
    p.pool = pool;
    exec::forward(p);
    return {exec::output(p), exec::output(p) + m * Net::plan().output_size};
}

// Standard normals (Box-Muller on Philox blocks of a stream no layer uses).
std::vector<float> standard_normals(std::size_t n) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; i += 4) {
        const auto z = philox::to_normals(philox::generate({0xABCDu, static_cast<std::uint32_t>(i), 0, 0}, 2024u));
        for (std::size_t j = 0; j < 4 && i + j < n; ++j) v[i + j] = static_cast<float>(z[j]);
    }
    return v;
}

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::size_t count_different(const std::vector<float>& a, const std::vector<float>& b) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
    return n;
}

bool close(double got, double want, double abs, double rel) { return std::abs(got - want) <= abs + rel * std::abs(want); }

using rrelu_net = cn::sequential<cn::input<width>, cn::rrelu<0.1f, 0.3f>>;

} // namespace

// Training: every negative input gets its own slope, drawn from the stage's rrelu stream keyed by
// (step, row, unit), uniform in [lower, upper); positive inputs pass unchanged.
BOOST_AUTO_TEST_CASE(rrelu_training_slopes_are_uniform_per_element) {
    constexpr float lower = 0.1f, upper = 0.3f;
    rrelu_net model{cn::seed{17}};
    std::vector<float> x(rows * width);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = i % 7 == 0 ? 2.5f : -1.0f;
    constexpr std::uint32_t step = 5;
    const auto y = forward(model, x, rows, true, step);
    const std::uint32_t stream = philox::stream_of(0, philox::rrelu_slope);  // stage 0
    double sum = 0.0, sum_sq = 0.0;
    std::size_t n = 0, off_key = 0, out_of_range = 0, positives_changed = 0;
    std::set<float> distinct;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < width; ++c) {
            const std::size_t i = r * width + c;
            if (x[i] > 0.0f) {
                positives_changed += y[i] != x[i];
                continue;
            }
            const float a = -y[i];  // x = -1: y = -a exactly
            out_of_range += !(a >= lower && a < upper);
            const float want = philox::to_range(philox::bits(17u, stream, step, static_cast<std::uint32_t>(r),
                                                             static_cast<std::uint32_t>(c)),
                                                lower, upper);
            off_key += a != want;
            distinct.insert(a);
            sum += a;
            sum_sq += static_cast<double>(a) * a;
            ++n;
        }
    BOOST_TEST(positives_changed == 0u);
    BOOST_TEST(out_of_range == 0u);
    BOOST_TEST(off_key == 0u, off_key << " of " << n << " slopes are not philox(seed, stage 0's rrelu stream, step, row, unit)");
    BOOST_TEST(distinct.size() > n / 2);  // one slope per element, not per row or per unit
    const double w = upper - lower, mean = sum / static_cast<double>(n);
    const double var = sum_sq / static_cast<double>(n) - mean * mean;
    const double dn = static_cast<double>(n);
    // U[l, u): mean (l + u)/2, variance w^2/12, fourth central moment w^4/80.
    BOOST_TEST(std::abs(mean - (lower + upper) / 2.0) <= tol::sigmas * w / std::sqrt(12.0 * dn), "mean slope " << mean);
    BOOST_TEST(std::abs(var - w * w / 12.0) <= tol::sigmas * std::sqrt((std::pow(w, 4) / 80.0 - std::pow(w, 4) / 144.0) / dn),
               "slope variance " << var);
}

BOOST_AUTO_TEST_CASE(rrelu_slopes_follow_seed_and_step_not_threads) {
    rrelu_net model{cn::seed{17}}, other{cn::seed{18}};
    const std::vector<float> x(rows * width, -1.0f);
    cn::kernels::thread_pool two(2);
    const auto a = forward(model, x, rows, true, 3);
    BOOST_TEST(bitwise_equal(a, forward(model, x, rows, true, 3)));
    BOOST_TEST(bitwise_equal(a, forward(model, x, rows, true, 3, &two)));  // rows split between two threads
    BOOST_TEST(count_different(a, forward(model, x, rows, true, 4)) > a.size() / 2);
    BOOST_TEST(count_different(a, forward(other, x, rows, true, 3)) > a.size() / 2);
    // Inference: the mean slope, whatever the step.
    const auto inference = forward(model, x, rows, false, 3);
    const float mean_slope = (0.1f + 0.3f) * 0.5f;
    BOOST_TEST(std::all_of(inference.begin(), inference.end(), [&](float v) { return v == -mean_slope; }));
}

// Inference against PyTorch's F.rrelu(training=False), through predict (the folded pass), and the
// kernel's inference derivative against autograd. At x = 0 the two differ on purpose: PyTorch's
// derivative there is the slope, ctnet's is 1 (as leaky_relu's, and JAX's, docs/activations.md).
template <class Net>
void check_rrelu_against_torch(const std::string& name, float lower, float upper) {
    const auto c = ctnet_test::load_reference_case("stochastic_layers.json", name);
    BOOST_TEST_REQUIRE(std::abs(c["lower"].get<double>() - lower) < 1e-7, name);
    BOOST_TEST_REQUIRE(std::abs(c["upper"].get<double>() - upper) < 1e-7, name);
    const auto x = ctnet_test::values(c["x"]), y = ctnet_test::values(c["y"]), w = ctnet_test::values(c["w"]);
    const auto g = ctnet_test::values(c["grad_x"]);
    BOOST_TEST_REQUIRE(x.size() == Net::input_size());
    Net model{cn::seed{1}};
    const auto got = model.predict(x);
    std::vector<float> dz(x.size());
    cn::kernels::rrelu{lower, upper}.backward(x.data(), got.data(), w.data(), dz.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        BOOST_TEST(close(got[i], y[i], 0.0, tol::torch_rel), name << " x = " << x[i] << ": " << got[i] << " vs torch " << y[i]);
        if (x[i] == 0.0f) {
            BOOST_TEST(dz[i] == w[i]);
            BOOST_TEST(close(g[i], w[i] * (lower + upper) / 2.0, 0.0, tol::torch_rel), name << ": torch's slope at 0");
            continue;
        }
        BOOST_TEST(close(dz[i], g[i], 0.0, tol::torch_rel), name << " x = " << x[i] << ": d " << dz[i] << " vs torch " << g[i]);
    }
}

BOOST_AUTO_TEST_CASE(rrelu_inference_matches_torch) {
    check_rrelu_against_torch<cn::sequential<cn::input<32>, cn::rrelu<>>>("rrelu_torch_default", 0.125f, 1.0f / 3.0f);
    check_rrelu_against_torch<cn::sequential<cn::input<32>, cn::rrelu<0.1f, 0.3f>>>("rrelu_torch_0.1_0.3", 0.1f, 0.3f);
    check_rrelu_against_torch<cn::sequential<cn::input<32>, cn::rrelu<0.0f, 0.5f>>>("rrelu_torch_0_0.5", 0.0f, 0.5f);
}

// Keras's AlphaDropout on a constant input gives two values, a x + b (kept) and a alpha_p + b
// (dropped); so must ctnet's, whatever the mask.
template <class Net>
void check_alpha_dropout_against_keras(float rate, const std::string& rate_text) {
    for (const char* value : {"0.7", "-1.5"}) {
        const std::string name = "alpha_dropout_training_" + rate_text + "_" + value;
        const auto c = ctnet_test::load_reference_case("stochastic_layers.json", name);
        BOOST_TEST_REQUIRE(std::abs(c["rate"].get<double>() - rate) < 1e-7, name);
        const float v = c["value"].get<float>();
        const auto keras_y = ctnet_test::values(c["y"]);
        const std::set<float> keras_values(keras_y.begin(), keras_y.end());
        BOOST_TEST_REQUIRE(keras_values.size() == 2u, name << ": Keras gave " << keras_values.size() << " values");
        Net model{cn::seed{9}};
        const std::size_t m = keras_y.size() / Net::input_size();
        const auto y = forward(model, std::vector<float>(keras_y.size(), v), m, true, 1);
        const std::set<float> ours(y.begin(), y.end());
        BOOST_TEST_REQUIRE(ours.size() == 2u, name << ": ctnet gave " << ours.size() << " values");
        // Both are sorted; the dropped value (-1.59 .. -0.78) is below the kept one for x = 0.7, and
        // for x = -1.5 too (a (x - alpha_p) > 0 as x > alpha_p = -1.76).
        auto k = keras_values.begin();
        for (float o : ours) {
            BOOST_TEST(close(o, *k, tol::keras_abs, tol::keras_rel), name << ": " << o << " vs Keras " << *k);
            ++k;
        }
    }
}

BOOST_AUTO_TEST_CASE(alpha_dropout_matches_keras) {
    check_alpha_dropout_against_keras<cn::sequential<cn::input<16>, cn::alpha_dropout<0.05f>>>(0.05f, "0.05");
    check_alpha_dropout_against_keras<cn::sequential<cn::input<16>, cn::alpha_dropout<0.1f>>>(0.1f, "0.1");
    check_alpha_dropout_against_keras<cn::sequential<cn::input<16>, cn::alpha_dropout<0.2f>>>(0.2f, "0.2");
    check_alpha_dropout_against_keras<cn::sequential<cn::input<16>, cn::alpha_dropout<0.5f>>>(0.5f, "0.5");
}

BOOST_AUTO_TEST_CASE(alpha_dropout_is_the_identity_in_inference_and_at_rate_0) {
    const auto c = ctnet_test::load_reference_case("stochastic_layers.json", "alpha_dropout_inference");
    const auto x = ctnet_test::values(c["x"]), keras_y = ctnet_test::values(c["y"]);
    BOOST_TEST(bitwise_equal(x, keras_y));  // the oracle: Keras's inference is the identity
    using net = cn::sequential<cn::input<16>, cn::alpha_dropout<0.3f>>;
    net model{cn::seed{9}};
    BOOST_TEST(bitwise_equal(model.predict(x), x));
    BOOST_TEST(bitwise_equal(forward(model, x, x.size() / 16, false, 1), x));
    BOOST_TEST(!bitwise_equal(forward(model, x, x.size() / 16, true, 1), x));
    cn::sequential<cn::input<16>, cn::alpha_dropout<0.0f>> none{cn::seed{9}};
    BOOST_TEST(bitwise_equal(forward(none, x, x.size() / 16, true, 1), x));
}

// On standard-normal inputs the output keeps mean 0 and variance 1, the dropped fraction is the
// rate, and the mask is philox::keep on stage 0's dropout stream, keyed by (step, row, unit).
template <class Net>
void check_alpha_dropout_statistics(float rate) {
    Net model{cn::seed{31}};
    const auto x = standard_normals(rows * width);
    constexpr std::uint32_t step = 12;
    const auto y = forward(model, x, rows, true, step);
    const cn::kernels::alpha_dropout k{rate};
    const float dropped_value = k.dropped_value();
    const std::uint32_t stream = philox::stream_of(0, philox::dropout);
    double sum = 0.0, sum_sq = 0.0;
    std::size_t dropped = 0, off_mask = 0;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < width; ++c) {
            const float v = y[r * width + c];
            const bool drop = v == dropped_value;
            dropped += drop;
            off_mask += drop == philox::keep(31u, stream, step, static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(c), rate);
            sum += v;
            sum_sq += static_cast<double>(v) * v;
        }
    const double n = static_cast<double>(y.size());
    const double mean = sum / n, var = sum_sq / n - mean * mean, fraction = static_cast<double>(dropped) / n;
    BOOST_TEST(off_mask == 0u, "rate " << rate << ": " << off_mask << " elements off philox::keep's mask");
    BOOST_TEST(std::abs(fraction - rate) <= tol::sigmas * std::sqrt(rate * (1.0 - rate) / n),
               "rate " << rate << ": dropped fraction " << fraction);
    BOOST_TEST(std::abs(mean) <= tol::sigmas / std::sqrt(n), "rate " << rate << ": mean " << mean);
    BOOST_TEST(std::abs(var - 1.0) <= tol::sigmas * std::sqrt((tol::fourth_moment_bound - 1.0) / n),
               "rate " << rate << ": variance " << var);
    // The same pass on two threads (rows split), and a different step.
    cn::kernels::thread_pool two(2);
    BOOST_TEST(bitwise_equal(y, forward(model, x, rows, true, step, &two)));
    BOOST_TEST(count_different(y, forward(model, x, rows, true, step + 1)) > 0u);
}

BOOST_AUTO_TEST_CASE(alpha_dropout_keeps_mean_and_variance) {
    check_alpha_dropout_statistics<cn::sequential<cn::input<width>, cn::alpha_dropout<0.05f>>>(0.05f);
    check_alpha_dropout_statistics<cn::sequential<cn::input<width>, cn::alpha_dropout<0.1f>>>(0.1f);
    check_alpha_dropout_statistics<cn::sequential<cn::input<width>, cn::alpha_dropout<0.2f>>>(0.2f);
    check_alpha_dropout_statistics<cn::sequential<cn::input<width>, cn::alpha_dropout<0.5f>>>(0.5f);
}
