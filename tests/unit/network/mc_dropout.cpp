// mc_predict (MC dropout): Keras's training=True on the dropout layers only (batch norm on its moving
// statistics, rrelu on its mean slope), the statistics of its mean and standard deviation (ddof 0),
// masks that differ between an input's passes and are keyed by (seed, row i * samples + j) whatever
// the batch size, thread count and input count, alpha_dropout active too, and its argument checks.
#define BOOST_TEST_MODULE mc_dropout
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "stochastic_tolerances.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace cn = ctnet;
namespace tol = ctnet::test::stochastic;
using cn::kernels::philox;

namespace {

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

bool same(const cn::mc_prediction& a, const cn::mc_prediction& b) {
    return a.samples == b.samples && bitwise_equal(a.mean, b.mean) && bitwise_equal(a.stddev, b.stddev);
}

// Deterministic inputs in [lo, lo + width).
std::vector<float> inputs(std::size_t n, float lo = 0.0f, float width = 1.0f) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = lo + width * static_cast<float>((i * 2654435761u) % 1000) / 1000.0f;
    return x;
}

// Non-default batch-norm parameters and moving statistics (far from any batch's own statistics: a
// moving mean of 2 for inputs in [0, 1)), and small non-zero biases.
template <class Net>
void set_batch_norms(Net& model) {
    constexpr auto& P = Net::plan();
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const cn::stage& s = P.stages[i];
        if (s.bias != cn::no_offset)
            for (std::size_t j = 0; j < s.units; ++j) model.parameters()[s.bias + j] = 0.05f * static_cast<float>(j % 5) - 0.1f;
        if (s.gamma == cn::no_offset) continue;
        for (std::size_t j = 0; j < s.units; ++j) {
            model.parameters()[s.gamma + j] = 0.75f + 0.125f * static_cast<float>(j % 4);
            model.parameters()[s.beta + j] = 0.5f - 0.25f * static_cast<float>(j % 3);
            model.state()[s.moving_mean + j] = 2.0f + 0.125f * static_cast<float>(j % 7);
            model.state()[s.moving_variance + j] = 0.5f + 0.25f * static_cast<float>(j % 5);
        }
    }
}

// The analytic moments of y = b + sum_k w_k c_k B_k / q, B_k independent Bernoulli(q = 1 - r): the
// output of a linear layer (weights w, bias b) after a dropout<r> on values c.
struct linear_after_dropout {
    double mean = 0.0, variance = 0.0, fourth = 0.0;  // fourth: the fourth central moment
};

linear_after_dropout moments(const std::vector<double>& w, const std::vector<double>& c, double b, double r) {
    const double q = 1.0 - r;
    linear_after_dropout m;
    m.mean = b;
    double sum_var_sq = 0.0, sum_fourth = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
        const double a = w[k] * c[k];
        m.mean += a;
        // Z = a (B / q - 1): a r / q with probability q, -a with probability r.
        const double var = a * a * r / q;
        m.variance += var;
        sum_var_sq += var * var;
        sum_fourth += std::pow(a, 4) * r * (std::pow(r / q, 3) + 1.0);
    }
    m.fourth = sum_fourth + 3.0 * (m.variance * m.variance - sum_var_sq);
    return m;
}

// mean within `sigmas` standard errors of the expectation, and the ddof-0 variance of `samples` passes
// within `sigmas` standard errors (sqrt((mu4 - sigma^4) / S)) of its expectation sigma^2 (S - 1) / S.
void check_moments(float mean, float stddev, double want_mean, const linear_after_dropout& m, std::size_t samples,
                   const std::string& what) {
    const double s = static_cast<double>(samples);
    const double mean_se = std::sqrt(m.variance / s);
    const double var_se = std::sqrt((m.fourth - m.variance * m.variance) / s);
    const double var = static_cast<double>(stddev) * stddev;
    BOOST_TEST(std::abs(mean - want_mean) <= tol::sigmas * mean_se + 1e-6 * std::abs(want_mean),
               what << ": mean " << mean << ", want " << want_mean << " +- " << tol::sigmas * mean_se);
    BOOST_TEST(std::abs(var - m.variance * (s - 1.0) / s) <= tol::sigmas * var_se,
               what << ": variance " << var << ", want " << m.variance << " +- " << tol::sigmas * var_se);
}

} // namespace

// (1) Without a dropout layer every pass is predict's pass (batch norm on its moving statistics,
// rrelu on its mean slope): the mean is predict's output bitwise and the standard deviation 0.
template <class Net>
void check_no_dropout_is_predict(std::size_t n, std::size_t samples) {
    Net model{cn::seed{5}};
    set_batch_norms(model);
    const auto x = inputs(n * Net::input_size());
    const auto want = model.predict(x);
    for (const std::size_t threads : {1u, 2u}) {
        const auto got = cn::mc_predict(model, x, {.samples = samples, .seed = 3, .threads = threads});
        BOOST_TEST(got.samples == samples);
        BOOST_TEST(bitwise_equal(got.mean, want), threads << " thread(s)");
        BOOST_TEST(std::all_of(got.stddev.begin(), got.stddev.end(), [](float v) { return v == 0.0f; }));
        BOOST_TEST(got.stddev.size() == want.size());
    }
}

BOOST_AUTO_TEST_CASE(without_dropout_mean_is_predict_and_stddev_is_zero) {
    // The chapter's batch-norm model (every batch norm folded, as in predict).
    check_no_dropout_is_predict<cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                               cn::batch_norm<>, cn::dense<100, cn::relu, cn::he_normal>,
                                               cn::batch_norm<>, cn::dense<10, cn::softmax>>>(23, 20);
    // rrelu (random in training, not here) and a batch norm that does not fold.
    check_no_dropout_is_predict<cn::sequential<cn::input<32>, cn::dense<48, cn::rrelu<>>, cn::batch_norm<>, cn::tanh,
                                               cn::dense<4, cn::softmax>>>(9, 31);
}

// (2) The dropout layer's statistics on linear networks with known weights: a dropout<0.25> on the
// input before a dense<1>, and one fused into a dense (its output is c) before a dense<1>. With S
// passes the mean is within 5 standard errors sqrt(var / S) of predict's output and the variance
// within 5 standard errors sqrt((mu4 - var^2) / S) of the Bernoulli variance sum_k w_k^2 c_k^2 r / (1 - r).
BOOST_AUTO_TEST_CASE(mean_and_variance_converge_to_predict_and_the_bernoulli_variance) {
    constexpr float rate = 0.25f;  // a multiple of 2^-24: philox::keep's rate exactly
    constexpr std::size_t units = 8, samples = 40'000, n = 3;
    {
        using net = cn::sequential<cn::input<units>, cn::dropout<rate>, cn::dense<1>>;
        net model{cn::seed{1}};
        const cn::stage& d = net::plan().stages[1];
        std::vector<double> w(units);
        for (std::size_t k = 0; k < units; ++k) w[k] = model.parameters()[d.kernel + k] = 0.25f * static_cast<float>(k) - 0.75f;
        model.parameters()[d.bias] = 0.5f;
        const auto x = inputs(n * units, -1.0f, 2.0f);
        const auto want = model.predict(x);
        const auto got = cn::mc_predict(model, x, {.samples = samples, .seed = 11});
        for (std::size_t i = 0; i < n; ++i) {
            const std::vector<double> c(x.begin() + static_cast<std::ptrdiff_t>(i * units),
                                        x.begin() + static_cast<std::ptrdiff_t>((i + 1) * units));
            check_moments(got.mean[i], got.stddev[i], want[i], moments(w, c, 0.5, rate), samples,
                          "dropout on the input, sample " + std::to_string(i));
        }
    }
    {
        using net = cn::sequential<cn::input<units>, cn::dense<units>, cn::dropout<rate>, cn::dense<1>>;
        static_assert(net::plan().stages[0].dropout_fused);
        net model{cn::seed{2}};
        const cn::stage& h = net::plan().stages[0];
        const cn::stage& d = net::plan().stages[1];
        float* p = model.parameters();
        for (std::size_t k = 0; k < units * units; ++k) p[h.kernel + k] = 0.125f * static_cast<float>(k % 9) - 0.5f;
        for (std::size_t k = 0; k < units; ++k) p[h.bias + k] = 0.0625f * static_cast<float>(k);
        std::vector<double> w(units);
        for (std::size_t k = 0; k < units; ++k) w[k] = p[d.kernel + k] = 0.5f - 0.125f * static_cast<float>(k);
        p[d.bias] = -0.25f;
        const auto x = inputs(n * units, -1.0f, 2.0f);
        const auto want = model.predict(x);
        const auto got = cn::mc_predict(model, x, {.samples = samples, .seed = 12});
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<double> c(units);
            for (std::size_t k = 0; k < units; ++k) {
                c[k] = p[h.bias + k];
                for (std::size_t j = 0; j < units; ++j) c[k] += double{x[i * units + j]} * p[h.kernel + j * units + k];
            }
            check_moments(got.mean[i], got.stddev[i], want[i], moments(w, c, -0.25, rate), samples,
                          "dropout fused into a dense, sample " + std::to_string(i));
        }
    }
}

// (2, exact) Two passes of dropout<0.5> on x: each pass gives 0 or 2x, so the mean is 0, x or 2x and
// the standard deviation |x| when the passes differ (ddof 0: |2x - 0| / 2; ddof 1 would give
// sqrt(2) |x|), 0 otherwise. Passes differ for half of the elements: the two copies of an input
// get different masks.
BOOST_AUTO_TEST_CASE(two_passes_give_ddof_0_and_different_masks) {
    using net = cn::sequential<cn::input<64>, cn::dropout<0.5f>>;
    net model{cn::seed{1}};
    const auto x = inputs(100 * 64, 1.0f, 3.0f);
    const auto got = cn::mc_predict(model, x, {.samples = 2, .seed = 21});
    std::size_t mixed = 0, off = 0;
    for (std::size_t e = 0; e < x.size(); ++e) {
        const float v = x[e], mean = got.mean[e], sd = got.stddev[e];
        if (sd != 0.0f) {
            ++mixed;
            off += !(mean == v && sd == v);
        } else {
            off += !(mean == 0.0f || mean == 2.0f * v);
        }
    }
    BOOST_TEST(off == 0u, off << " elements are not (0 or 2x, 0 or 2x) pairs with ddof-0 deviation");
    const double e = static_cast<double>(x.size());
    BOOST_TEST(std::abs(static_cast<double>(mixed) / e - 0.5) <= tol::sigmas * std::sqrt(0.25 / e),
               mixed << " of " << x.size() << " elements differ between the two passes");
}

// (3) Batch norm on its moving statistics. A batch norm then dropout<0.5>: two passes give each
// element 0 or 2c, c = the batch norm's inference output (predict's, dropout being the identity
// there), exactly as above; a batch norm on the stacked copies' batch statistics would give other
// values (the moving mean, 2 and up, is far from these inputs' mean). Then the case where the
// batch norm must not be folded into the next dense (dense + relu + batch norm + dropout, then a
// dense): the variance is sum_k w_k^2 c_k^2 r/(1-r) with c the batch norm's output; folded, the
// dropout would act on the relu's output and the variance would be sum_k (w_k gamma_k/sigma_k)^2 relu_k^2 r/(1-r).
BOOST_AUTO_TEST_CASE(batch_norm_runs_on_its_moving_statistics) {
    {
        using net = cn::sequential<cn::input<16>, cn::batch_norm<>, cn::dropout<0.5f>>;
        net model{cn::seed{1}};
        set_batch_norms(model);
        const auto x = inputs(300 * 16);
        const auto c = model.predict(x);
        const auto got = cn::mc_predict(model, x, {.samples = 2, .seed = 4});
        std::size_t off = 0, mixed = 0;
        const auto near = [](float a, float b) { return std::abs(a - b) <= 4 * tol::ulp * std::abs(b); };
        for (std::size_t e = 0; e < x.size(); ++e) {
            if (got.stddev[e] != 0.0f) {
                ++mixed;
                off += !(near(got.mean[e], c[e]) && near(got.stddev[e], std::abs(c[e])));
            } else {
                off += !(got.mean[e] == 0.0f || near(got.mean[e], 2.0f * c[e]));
            }
        }
        BOOST_TEST(off == 0u, off << " of " << x.size() << " elements are not 0 or 2 BN_inference(x)");
        BOOST_TEST(mixed > x.size() / 3);
    }
    {
        using net = cn::sequential<cn::input<8>, cn::dense<8, cn::relu>, cn::batch_norm<>, cn::dropout<0.5f>, cn::dense<1>>;
        using exec = cn::detail::executor<net>;
        static_assert(exec::folds_into_next(0) && net::plan().stages[0].dropout_fused);  // the case predict folds
        static_assert(!cn::detail::mc_passes_fold<net>());
        net model{cn::seed{3}};
        set_batch_norms(model);
        const cn::stage& h = net::plan().stages[0];
        const cn::stage& d = net::plan().stages[1];
        float* p = model.parameters();
        for (std::size_t k = 0; k < 64; ++k) p[h.kernel + k] = 0.125f * static_cast<float>(k % 11) - 0.5f;
        std::vector<double> w(8);
        for (std::size_t k = 0; k < 8; ++k) w[k] = p[d.kernel + k] = 0.25f * static_cast<float>(k % 4) - 0.375f;
        constexpr std::size_t n = 3, samples = 40'000;
        const auto x = inputs(n * 8);
        const auto want = model.predict(x);
        const auto got = cn::mc_predict(model, x, {.samples = samples, .seed = 5});
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<double> c(8);
            for (std::size_t k = 0; k < 8; ++k) {
                double z = p[h.bias + k];
                for (std::size_t j = 0; j < 8; ++j) z += double{x[i * 8 + j]} * p[h.kernel + j * 8 + k];
                const double mu = model.state()[h.moving_mean + k], var = model.state()[h.moving_variance + k];
                c[k] = p[h.gamma + k] * (std::max(z, 0.0) - mu) / std::sqrt(var + h.epsilon) + p[h.beta + k];
            }
            check_moments(got.mean[i], got.stddev[i], want[i], moments(w, c, p[d.bias], 0.5), samples,
                          "batch norm then dropout then dense, sample " + std::to_string(i));
        }
    }
}

// (4) The result is a function of the seed alone: the same for 1 and 2 threads, any batch size and
// any number of inputs after a given one, and each pass's mask is philox::keep on the dropout
// stage's stream keyed by (seed, step = g >> 32, row = g), g = i * samples + j.
BOOST_AUTO_TEST_CASE(same_result_for_any_threads_batching_and_input_count) {
    // Wide enough that the GEMMs, alpha dropout's rows and the batch norm are split between two threads.
    using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>, cn::dense<300, cn::rrelu<>>,
                               cn::alpha_dropout<0.1f>, cn::dense<100, cn::relu>, cn::batch_norm<>, cn::dropout<0.3f>,
                               cn::dense<10, cn::softmax>>;
    net model{cn::seed{42}};
    set_batch_norms(model);
    constexpr std::size_t n = 37, samples = 9;
    const auto x = inputs(n * 784);
    const auto base = cn::mc_predict(model, x, {.samples = samples, .seed = 7, .threads = 1});
    BOOST_TEST(std::all_of(base.stddev.begin(), base.stddev.end(), [](float v) { return v >= 0.0f; }));
    BOOST_TEST(std::count(base.stddev.begin(), base.stddev.end(), 0.0f) < static_cast<std::ptrdiff_t>(base.stddev.size() / 10));
    BOOST_TEST(same(base, cn::mc_predict(model, x, {.samples = samples, .seed = 7, .threads = 1})));
    BOOST_TEST(same(base, cn::mc_predict(model, x, {.samples = samples, .seed = 7, .threads = 2})));
    for (const std::size_t batch : {1u, 7u, 9u, 100u, 333u, 1000u}) {
        BOOST_TEST_INFO("batch " << batch);
        BOOST_TEST(same(base, cn::mc_predict(model, x, {.samples = samples, .seed = 7, .batch_size = batch, .threads = 2})));
    }
    // The first 13 inputs alone: the first 13 rows.
    const std::vector<float> head(x.begin(), x.begin() + 13 * 784);
    const auto part = cn::mc_predict(model, head, {.samples = samples, .seed = 7, .batch_size = 64, .threads = 2});
    BOOST_TEST(bitwise_equal(part.mean, std::vector<float>(base.mean.begin(), base.mean.begin() + 13 * 10)));
    BOOST_TEST(bitwise_equal(part.stddev, std::vector<float>(base.stddev.begin(), base.stddev.begin() + 13 * 10)));
    // Another seed, other masks.
    const auto other = cn::mc_predict(model, x, {.samples = samples, .seed = 8, .threads = 1});
    std::size_t differ = 0;
    for (std::size_t e = 0; e < base.mean.size(); ++e) differ += base.mean[e] != other.mean[e];
    BOOST_TEST(differ > base.mean.size() / 2);
}

BOOST_AUTO_TEST_CASE(masks_are_keyed_by_seed_and_row_i_samples_plus_j) {
    using net = cn::sequential<cn::input<20>, cn::dropout<0.5f>>;
    net model{cn::seed{1}};
    constexpr std::size_t n = 50, samples = 2;
    constexpr std::uint64_t seed = 99;
    const auto x = inputs(n * 20, 1.0f, 1.0f);
    const auto got = cn::mc_predict(model, x, {.samples = samples, .seed = seed, .batch_size = 17});
    const std::uint32_t stream = philox::stream_of(0, philox::dropout);
    std::size_t off = 0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < 20; ++c) {
            float y[samples];
            for (std::size_t j = 0; j < samples; ++j) {
                const std::uint64_t g = i * samples + j;
                const bool keep = philox::keep(seed, stream, static_cast<std::uint32_t>(g >> 32), static_cast<std::uint32_t>(g),
                                               static_cast<std::uint32_t>(c), 0.5f);
                y[j] = keep ? 2.0f * x[i * 20 + c] : 0.0f;
            }
            const float mean = y[0] + (y[1] - y[0]) / 2.0f, sd = std::abs(y[1] - y[0]) / 2.0f;
            off += got.mean[i * 20 + c] != mean || got.stddev[i * 20 + c] != sd;
        }
    BOOST_TEST(off == 0u, off << " elements off the documented keying");
}

// (5) alpha_dropout is active too: one pass gives each element a x + b (kept) or the dropped value
// a alpha_p + b, kept where philox::keep is, and over many passes the mean and variance are the
// two-point distribution's: mean a (q x + r alpha_p) + b, variance (a (x - alpha_p))^2 q r.
BOOST_AUTO_TEST_CASE(alpha_dropout_is_active) {
    constexpr float rate = 0.25f;
    using net = cn::sequential<cn::input<32>, cn::alpha_dropout<rate>>;
    net model{cn::seed{1}};
    const cn::kernels::alpha_dropout k{rate};
    const double a = k.a(), b = k.b(), alpha_p = cn::kernels::alpha_dropout::alpha_p, q = 1.0 - rate;
    const auto x = inputs(40 * 32, -1.0f, 2.0f);
    const auto one = cn::mc_predict(model, x, {.samples = 1, .seed = 13});
    const std::uint32_t stream = philox::stream_of(0, philox::dropout);
    std::size_t off = 0, dropped = 0;
    for (std::size_t e = 0; e < x.size(); ++e) {
        const auto g = static_cast<std::uint32_t>(e / 32);
        const bool keep = philox::keep(13, stream, 0, g, static_cast<std::uint32_t>(e % 32), rate);
        dropped += !keep;
        const double want = keep ? a * x[e] + b : k.dropped_value();
        off += std::abs(one.mean[e] - want) > 4 * tol::ulp * (1.0 + std::abs(want)) || one.stddev[e] != 0.0f;
    }
    BOOST_TEST(off == 0u, off << " elements are neither a x + b where kept nor the dropped value");
    BOOST_TEST(dropped > x.size() / 8);
    constexpr std::size_t samples = 20'000;
    const std::vector<float> few(x.begin(), x.begin() + 32);
    const auto many = cn::mc_predict(model, few, {.samples = samples, .seed = 14});
    for (std::size_t c = 0; c < 32; ++c) {
        const double d = a * (few[c] - alpha_p);
        linear_after_dropout m;
        m.mean = a * (q * few[c] + rate * alpha_p) + b;
        m.variance = d * d * q * rate;
        m.fourth = std::pow(d, 4) * q * rate * (1.0 - 3.0 * q * rate);  // a two-point distribution's
        check_moments(many.mean[c], many.stddev[c], m.mean, m, samples, "alpha dropout, unit " + std::to_string(c));
    }
}

// (6) Bad arguments: one std::invalid_argument each, saying what is wrong.
template <class F>
void check_throws(F&& f, const std::string& text) {
    try {
        f();
        BOOST_ERROR("no exception; expected one containing \"" << text << '"');
    } catch (const std::invalid_argument& e) {
        const std::string what = e.what();
        BOOST_TEST(what.find("ctnet::mc_predict: ") == 0u, what);
        BOOST_TEST(what.find(text) != std::string::npos, what << "\n  does not contain \"" << text << '"');
    }
}

BOOST_AUTO_TEST_CASE(bad_arguments_throw) {
    using net = cn::sequential<cn::input<4>, cn::dropout<0.5f>, cn::dense<2>>;
    const net model{cn::seed{1}};
    const auto x = inputs(12);
    check_throws([&] { cn::mc_predict(model, x, {.samples = 0}); }, "samples must be at least 1, not 0");
    check_throws([&] { cn::mc_predict(model, x, {.batch_size = 0}); }, "batch_size must be at least 1, not 0");
    check_throws([&] { cn::mc_predict(model, inputs(10)); }, "got 10 floats, not a multiple of the input size 4");
    auto bad = x;
    bad[6] = std::numeric_limits<float>::quiet_NaN();
    check_throws([&] { cn::mc_predict(model, bad); }, "the inputs: sample 1, feature 2 is nan");
    bad[6] = -std::numeric_limits<float>::infinity();
    check_throws([&] { cn::mc_predict(model, bad); }, "sample 1, feature 2 is -inf");
    bad[6] = 1e30f;
    check_throws([&] { cn::mc_predict(model, bad); }, "not below 2^64 in magnitude");
    check_throws([&] { cn::mc_predict(model, x, {.samples = std::numeric_limits<std::size_t>::max()}); },
                 "3 inputs times 18446744073709551615 samples are more than 2^64 passes");
    // No inputs: no rows, and the count of passes is still reported.
    const auto none = cn::mc_predict(model, {}, {.samples = 5});
    BOOST_TEST(none.mean.empty());
    BOOST_TEST(none.stddev.empty());
    BOOST_TEST(none.samples == 5u);
}
