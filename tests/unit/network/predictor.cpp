// ctnet::predictor: inference made ready once. Its outputs match a double-precision forward pass
// written here from the layers' formulas (Keras's inference: batch norm on its moving statistics),
// one sample and batches give bitwise the same rows, calls allocate nothing once a thread has its
// buffers, several threads may call one predictor at once, and bad input is refused.
#define BOOST_TEST_MODULE predictor
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <allocation_counter.hpp>

namespace cn = ctnet;

namespace {

// The chapter's model: BN on the input, BN after each hidden activation (folded into the next dense).
using seed_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                cn::batch_norm<>, cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
                                cn::dense<10, cn::softmax>>;
// BN between a GEMM and its activation (no bias, then with one), before the softmax, and one that
// cannot fold (a standalone activation layer follows it); 400 units: two register groups of gemv.
using between_net = cn::sequential<cn::input<40>, cn::dense<400, cn::no_bias>, cn::batch_norm<>, cn::elu<>,
                                   cn::dense<24>, cn::batch_norm<>, cn::relu, cn::batch_norm<>, cn::tanh,
                                   cn::dense<7>, cn::batch_norm<>, cn::softmax>;
// Layers that are random in training and fixed in inference, and a linear output.
using stochastic_net = cn::sequential<cn::input<12>, cn::dense<20, cn::rrelu<>>, cn::dropout<0.3f>,
                                      cn::dense<16, cn::prelu>, cn::alpha_dropout<0.2f>, cn::dense<3>>;

template <class Net>
void randomize(Net& model) {
    constexpr auto& P = Net::plan();
    std::uint32_t h = 12345;
    auto next = [&] { h = h * 1664525u + 1013904223u; return static_cast<float>(h >> 8) / 16777216.0f; };
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const cn::stage& s = P.stages[i];
        if (s.bias != cn::no_offset)
            for (std::size_t j = 0; j < s.units; ++j) model.parameters()[s.bias + j] = 0.2f * (next() - 0.5f);
        if (s.alpha != cn::no_offset)
            for (std::size_t j = 0; j < s.units; ++j) model.parameters()[s.alpha + j] = 0.3f * next();
        if (s.gamma == cn::no_offset) continue;
        for (std::size_t j = 0; j < s.units; ++j) {
            model.parameters()[s.gamma + j] = 0.5f + next();
            model.parameters()[s.beta + j] = next() - 0.5f;
            model.state()[s.moving_mean + j] = next() - 0.5f;
            model.state()[s.moving_variance + j] = 0.05f + 2.0f * next();
        }
    }
}

std::vector<float> inputs(std::size_t n, std::size_t width) {
    std::vector<float> x(n * width);
    std::uint32_t h = 777;
    for (float& v : x) {
        h = h * 1664525u + 1013904223u;
        v = static_cast<float>(h >> 8) / 16777216.0f * 2.0f - 0.5f;
    }
    return x;
}

// ---- the reference: each stage from its formula, in double, on the plan's parameter offsets -------------
void activate(cn::detail::activation_id id, std::vector<double>& v) {
    switch (id) {
    case cn::detail::activation_id::linear: return;
    case cn::detail::activation_id::relu: for (double& x : v) x = x > 0 ? x : 0; return;
    case cn::detail::activation_id::tanh: for (double& x : v) x = std::tanh(x); return;
    case cn::detail::activation_id::elu: for (double& x : v) x = x > 0 ? x : std::expm1(x); return;
    case cn::detail::activation_id::softmax: {
        double top = v[0], sum = 0;
        for (double x : v) top = x > top ? x : top;
        for (double& x : v) sum += (x = std::exp(x - top));
        for (double& x : v) x /= sum;
        return;
    }
    default: BOOST_FAIL("the reference has no formula for this activation");
    }
}

void batch_norm(const cn::stage& s, const float* params, const float* state, std::vector<double>& v) {
    for (std::size_t j = 0; j < v.size(); ++j)
        v[j] = (v[j] - state[s.moving_mean + j]) / std::sqrt(double{state[s.moving_variance + j]} + s.epsilon) *
                   params[s.gamma + j] +
               params[s.beta + j];
}

template <class Net>
std::vector<double> reference(const Net& model, const float* x) {
    constexpr auto& P = Net::plan();
    const float* w = model.parameters();
    std::vector<double> v(x, x + P.input_size);
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const cn::stage& s = P.stages[i];
        if (s.kind == cn::stage_kind::batch_norm) batch_norm(s, w, model.state(), v);
        else if (s.kind == cn::stage_kind::activation) activate(s.activation.id, v);
        else if (s.kind == cn::stage_kind::dense) {
            std::vector<double> z(s.units, 0.0);
            for (std::size_t j = 0; j < s.units; ++j) {
                for (std::size_t p = 0; p < s.inputs; ++p) z[j] += v[p] * w[s.kernel + p * s.units + j];
                if (s.bias != cn::no_offset) z[j] += w[s.bias + j];
            }
            if (s.bn == cn::bn_position::before_activation) batch_norm(s, w, model.state(), z);
            activate(s.activation.id, z);
            if (s.bn == cn::bn_position::after_activation) batch_norm(s, w, model.state(), z);
            v = z;
        } else BOOST_FAIL("the reference has no formula for this stage");
    }
    return v;
}

template <class Net>
void check_against_reference(std::size_t n) {
    Net model{cn::seed{5}};
    randomize(model);
    constexpr std::size_t in = Net::input_size(), out = Net::output_size();
    const auto x = inputs(n, in);
    const cn::predictor p{model};
    const auto batch = p.predict(x);
    std::vector<float> one(out);
    std::size_t far = 0, differ = 0;
    double worst = 0;
    for (std::size_t r = 0; r < n; ++r) {
        const auto want = reference(model, x.data() + r * in);
        p(std::span<const float>(x.data() + r * in, in), one);
        for (std::size_t j = 0; j < out; ++j) {
            const double e = std::abs(batch[r * out + j] - want[j]);
            worst = e > worst ? e : worst;
            far += e > 2e-5 + 2e-5 * std::abs(want[j]);
            differ += std::bit_cast<std::uint32_t>(one[j]) != std::bit_cast<std::uint32_t>(batch[r * out + j]);
        }
    }
    BOOST_TEST(far == 0u, far << " outputs off the double-precision reference (worst " << worst << ")");
    BOOST_TEST(differ == 0u, differ << " outputs of p(x, y) differ from p.predict's row");
    const auto via_model = model.predict(x);
    BOOST_TEST((via_model == batch), "model.predict and the predictor disagree");
}

} // namespace

BOOST_AUTO_TEST_CASE(matches_a_double_reference_and_one_row_is_a_batch_row) {
    check_against_reference<seed_net>(300);  // two batches: 256 rows and 44
    check_against_reference<between_net>(40);
}

// The stochastic layers in inference: dropout and alpha_dropout the identity, rrelu its mean slope,
// prelu its slopes; against the executor's unfolded inference pass.
BOOST_AUTO_TEST_CASE(stochastic_layers_are_fixed_in_inference) {
    stochastic_net model{cn::seed{9}};
    randomize(model);
    constexpr std::size_t n = 33;
    const auto x = inputs(n, 12);
    using exec = cn::detail::executor<stochastic_net>;
    cn::detail::workspace ws;
    exec::prepare(ws, n);
    std::copy(x.begin(), x.end(), exec::input(ws));
    std::vector<float> state(model.state(), model.state() + stochastic_net::plan().state_floats);
    cn::detail::pass pass{model.parameters(), state.data(), nullptr, &ws, n};
    exec::forward(pass);
    const cn::predictor p{model};
    const auto got = p.predict(x);
    std::size_t far = 0;
    for (std::size_t i = 0; i < n * 3; ++i) far += std::abs(got[i] - exec::output(pass)[i]) > 1e-6f;
    BOOST_TEST(far == 0u);
    std::vector<float> one(3);
    p(std::span<const float>(x.data() + 5 * 12, 12), one);
    BOOST_TEST((std::vector<float>(got.begin() + 15, got.begin() + 18) == one));
}

BOOST_AUTO_TEST_CASE(calls_allocate_nothing) {
    seed_net model{cn::seed{1}};
    const cn::predictor p{model};
    const auto x = inputs(300, 784);
    std::vector<float> y(300 * 10);
    p(std::span<const float>(x.data(), 784), std::span<float>(y.data(), 10));  // this thread's buffers
    p.predict(x, y);
    const std::size_t before = allocations.load();
    for (std::size_t r = 0; r < 300; ++r)
        p(std::span<const float>(x.data() + r * 784, 784), std::span<float>(y.data() + r * 10, 10));
    for (int i = 0; i < 3; ++i) p.predict(x, y);
    BOOST_TEST(allocations.load() - before == 0u);
    const auto fresh = p.predict(x);  // the counter counts: a returned vector is one allocation at least
    BOOST_TEST(allocations.load() - before > 0u);
    BOOST_TEST((fresh == y));
}

BOOST_AUTO_TEST_CASE(several_threads_on_one_predictor) {
    seed_net model{cn::seed{2}};
    randomize(model);
    const cn::predictor p{model};
    const auto x = inputs(300, 784);
    const auto want = p.predict(x);
    constexpr int threads = 4;
    std::vector<std::vector<float>> got(2 * threads, std::vector<float>(300 * 10));
    std::vector<std::thread> team;
    for (int t = 0; t < threads; ++t)
        team.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round) {
                for (std::size_t r = 0; r < 300; ++r)
                    p(std::span<const float>(x.data() + r * 784, 784),
                      std::span<float>(got[2 * t].data() + r * 10, 10));
                p.predict(x, got[2 * t + 1]);
            }
        });
    for (auto& t : team) t.join();
    for (const auto& g : got) BOOST_TEST((g == want));
}

BOOST_AUTO_TEST_CASE(a_snapshot_of_the_model) {
    seed_net model{cn::seed{3}};
    const cn::predictor p{model};
    const auto x = inputs(4, 784);
    const auto before = p.predict(x);
    for (std::size_t i = 0; i < seed_net::plan().param_floats; ++i) model.parameters()[i] *= 0.5f;
    BOOST_TEST((p.predict(x) == before));
    BOOST_TEST((cn::predictor{model}.predict(x) != before));
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused) {
    seed_net model{cn::seed{4}};
    const cn::predictor p{model};
    auto x = inputs(3, 784);
    std::vector<float> y(10);
    const auto message = [](auto&& f) {
        try {
            f();
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no exception");
    };
    BOOST_TEST(message([&] { p(std::span<const float>(x.data(), 783), y); }) ==
               "ctnet::predictor: got 783 input floats and 10 output floats for 1 sample(s); the network maps 784 "
               "floats a sample to 10");
    BOOST_TEST(message([&] { p.predict(std::span<const float>(x), std::span<float>(y)); }) ==
               "ctnet::predictor: got 2352 input floats and 10 output floats for 3 sample(s); the network maps 784 "
               "floats a sample to 10");
    x[2 * 784 + 5] = std::numeric_limits<float>::quiet_NaN();
    std::vector<float> y3(30, -1.0f);
    BOOST_TEST(message([&] { p.predict(std::span<const float>(x), std::span<float>(y3)); }) ==
               "ctnet::predictor: the inputs: sample 2, feature 5 is nan (non-finite input would make every weight it "
               "reaches NaN)");
    BOOST_TEST((y3 == std::vector<float>(30, -1.0f)));  // nothing written
    BOOST_TEST(message([&] { p(std::span<const float>(x.data() + 2 * 784, 784), y); }) ==
               "ctnet::predictor: the inputs: sample 0, feature 5 is nan (non-finite input would make every weight it "
               "reaches NaN)");
}

// bfloat16 kernels (predictor_options::bf16_weights): the kernel itself is checked against a reference
// of rounded operands (gemm test, gemv_bf16_reference); here the predictor: one row is a batch row,
// bitwise; outputs stay within bfloat16's precision of float inference; no allocation per call.
BOOST_AUTO_TEST_CASE(bf16_weights) {
    seed_net model{cn::seed{6}};
    randomize(model);
    const auto x = inputs(300, 784);
    const cn::predictor f{model};
    const cn::predictor h{model, {.bf16_weights = true}};
    BOOST_TEST(!f.bf16_weights());
    BOOST_TEST(h.bf16_weights());
    const auto want = f.predict(x);
    std::vector<float> batch(300 * 10), one(10);
    h(std::span<const float>(x.data(), 784), one);  // this thread's buffers
    h.predict(x, batch);
    const std::size_t before = allocations.load();
    std::size_t differ = 0;
    float worst = 0.0f;
    for (std::size_t r = 0; r < 300; ++r) {
        h(std::span<const float>(x.data() + r * 784, 784), one);
        for (std::size_t j = 0; j < 10; ++j) {
            differ += std::bit_cast<std::uint32_t>(one[j]) != std::bit_cast<std::uint32_t>(batch[r * 10 + j]);
            worst = std::max(worst, std::abs(batch[r * 10 + j] - want[r * 10 + j]));
        }
    }
    BOOST_TEST(allocations.load() - before == 0u);
    BOOST_TEST(differ == 0u);
    BOOST_TEST_MESSAGE("bf16: largest change of a probability " << worst);
    BOOST_TEST(worst < 0.02f, "bf16 outputs " << worst << " from float inference's");
    BOOST_TEST(worst > 0.0f);  // the kernels did change: it is not the float path
}
