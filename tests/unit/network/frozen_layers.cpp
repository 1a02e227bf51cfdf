// frozen<...> layers and reusing layers: what the plan computes and skips, what fit leaves alone,
// and how weights move between networks (converting constructor, copy_layers). Keras's numbers for
// training with frozen layers are tests/integration/train_frozen_against_keras.cpp's.
#define BOOST_TEST_MODULE frozen_layers
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace cn = ctnet;

namespace {

template <class... L>
using net = cn::sequential<L...>;

// The chapter's shape, small: batch norms before and after activations, a prelu, a dropout.
template <template <class> class F>
using body = net<cn::input<12>, F<cn::batch_norm<>>, F<cn::dense<10, cn::relu>>, F<cn::batch_norm<>>, F<cn::dense<8>>,
                 F<cn::batch_norm<>>, F<cn::prelu>, F<cn::dropout<0.2f>>, cn::dense<6, cn::relu>, cn::dense<3, cn::softmax>>;
template <class L>
using keep = L;
using plain = body<keep>;
using frozen_body = body<cn::frozen>;

static_assert(cn::param_count<plain> == cn::param_count<frozen_body>);
// The frozen part's trainable parameters become non-trainable, as in Keras.
static_assert(cn::trainable_param_count<frozen_body> == (8 * 6 + 6) + (6 * 3 + 3));
static_assert(cn::non_trainable_param_count<frozen_body> ==
              cn::non_trainable_param_count<plain> + cn::trainable_param_count<plain> - cn::trainable_param_count<frozen_body>);
// Same layout: offsets and sizes; the stages differ only in what trains.
static_assert(plain::plan().param_floats == frozen_body::plan().param_floats);
static_assert(plain::plan().stages[1].kernel == frozen_body::plan().stages[1].kernel);
static_assert(!(plain::plan() == frozen_body::plan()));
static_assert(!frozen_body::plan().stages[1].train_kernel && !frozen_body::plan().stages[1].train_bn);
static_assert(!frozen_body::plan().stages[2].train_alpha && frozen_body::plan().stages[3].train_kernel);
// A layer without weights is the same frozen or not.
static_assert(net<cn::input<4>, cn::dense<3>, cn::frozen<cn::relu>>::plan() == net<cn::input<4>, cn::dense<3>, cn::relu>::plan());
static_assert(std::is_same_v<cn::unfrozen_t<cn::frozen<cn::frozen<cn::dense<3>>>>, cn::dense<3>>);

cn::dataset samples(std::size_t n, std::size_t width = 12, std::size_t classes = 3) {
    cn::dataset d;
    d.sample_shape = {width};
    for (std::size_t i = 0; i < n * width; ++i) d.images.push_back(static_cast<float>((i * 2654435761u) % 997) / 400.0f - 1.2f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % classes));
    return d;
}

template <class Net>
std::vector<float> params_of(const Net& m) { return {m.parameters(), m.parameters() + Net::plan().param_floats}; }
template <class Net>
std::vector<float> state_of(const Net& m) { return {m.state(), m.state() + Net::plan().state_floats}; }

// [begin, end) of every frozen tensor of Net in the parameter arena.
template <class Net>
std::vector<std::pair<std::size_t, std::size_t>> frozen_ranges() {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    constexpr auto& P = Net::plan();
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const auto& s = P.stages[i];
        if (!s.train_kernel) {
            out.push_back({s.kernel, s.kernel + s.inputs * s.units});
            if (s.bias != cn::no_offset) out.push_back({s.bias, s.bias + s.units});
        }
        if (!s.train_alpha) out.push_back({s.alpha, s.alpha + s.units});
        if (!s.train_bn && s.gamma != cn::no_offset) {
            out.push_back({s.gamma, s.gamma + s.units});
            out.push_back({s.beta, s.beta + s.units});
        }
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(fit_leaves_frozen_weights_and_frozen_moving_statistics_as_they_were) {
    frozen_body m{cn::seed{3}};
    // Non-initial moving statistics, so that an update would show.
    for (std::size_t i = 0; i < frozen_body::plan().state_floats; ++i) m.state()[i] += 0.125f;
    const frozen_body before = m;
    auto t = cn::compile(m, cn::sparse_categorical_crossentropy{}, cn::adam{.learning_rate = 0.01f});
    t.fit(samples(96), {.epochs = 2, .batch_size = 16, .verbose = 0});
    const auto now = params_of(m), was = params_of(before);
    for (const auto& [b, e] : frozen_ranges<frozen_body>())
        BOOST_TEST(std::equal(now.begin() + b, now.begin() + e, was.begin() + b), "frozen range [" << b << ", " << e << ") moved");
    BOOST_TEST(state_of(m) == state_of(before));  // every batch norm here is frozen
    constexpr auto last = frozen_body::plan().stages[frozen_body::plan().stage_count - 1];
    BOOST_TEST(!std::equal(now.begin() + last.kernel, now.begin() + last.kernel + 18, was.begin() + last.kernel));
}

BOOST_AUTO_TEST_CASE(the_backward_pass_hands_on_every_trainable_parameter_once_and_no_frozen_one) {
    using exec = cn::detail::executor<frozen_body>;
    constexpr auto& P = frozen_body::plan();
    frozen_body m{cn::seed{4}};
    const auto data = samples(32);
    cn::detail::workspace ws;
    exec::prepare(ws, 32);
    std::copy(data.images.begin(), data.images.end(), exec::input(ws));
    std::vector<float> grads(P.param_floats, 0.0f);
    cn::detail::pass p{m.parameters(), m.state(), grads.data(), &ws, 32};
    p.training = true;
    exec::forward(p);
    std::fill(exec::gradient_buffer(p, P.stage_count - 1), exec::gradient_buffer(p, P.stage_count - 1) + 32 * 3, 0.01f);
    std::vector<int> handed(P.param_floats, 0);
    exec::backward(p, [&](const cn::stage&, const cn::detail::gradient_range& r) {
        for (std::size_t i = 0; i < r.rows; ++i)
            for (std::size_t c = 0; c < r.count; ++c) ++handed[r.at + i * r.stride + c];
    });
    std::vector<int> want(P.param_floats, 0);
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const auto& s = P.stages[i];
        auto mark = [&](std::size_t at, std::size_t n) { std::fill_n(want.begin() + static_cast<std::ptrdiff_t>(at), n, 1); };
        if (s.kernel != cn::no_offset && s.train_kernel) mark(s.kernel, s.inputs * s.units);
        if (s.bias != cn::no_offset && s.train_kernel) mark(s.bias, s.units);
        if (s.alpha != cn::no_offset && s.train_alpha) mark(s.alpha, s.units);
        if (s.gamma != cn::no_offset && s.train_bn) {
            mark(s.gamma, s.units);
            mark(s.beta, s.units);
        }
    }
    BOOST_TEST(handed == want, boost::test_tools::per_element());
    // Nothing was computed for the frozen ones: their gradients are still zero.
    for (const auto& [b, e] : frozen_ranges<frozen_body>())
        BOOST_TEST(std::all_of(grads.begin() + b, grads.begin() + e, [](float g) { return g == 0.0f; }));
}

// Without batch norms, freezing changes no trainable gradient: the same kernels run, bit for bit.
using mlp = net<cn::input<12>, cn::dense<10, cn::relu>, cn::dense<8, cn::elu<>>, cn::dense<3, cn::softmax>>;
using mlp_frozen_middle = net<cn::input<12>, cn::dense<10, cn::relu>, cn::frozen<cn::dense<8, cn::elu<>>>, cn::dense<3, cn::softmax>>;

BOOST_AUTO_TEST_CASE(trainable_gradients_are_those_of_the_unfrozen_network) {
    mlp a{cn::seed{5}};
    mlp_frozen_middle b{a};
    auto ta = cn::compile(a, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    auto tb = cn::compile(b, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const auto data = samples(40);
    const auto [la, ga] = ta.loss_and_gradients(data);
    const auto [lb, gb] = tb.loss_and_gradients(data);
    BOOST_TEST(la == lb);
    constexpr auto& P = mlp::plan();
    const auto& frozen = P.stages[1];
    for (std::size_t i = 0; i < P.param_floats; ++i) {
        const bool is_frozen = (i >= frozen.kernel && i < frozen.kernel + frozen.inputs * frozen.units) ||
                               (i >= frozen.bias && i < frozen.bias + frozen.units);
        if (is_frozen) BOOST_TEST(gb[i] == 0.0f, "frozen gradient " << i);
        else BOOST_TEST(gb[i] == ga[i], "gradient " << i << ": " << gb[i] << " vs " << ga[i]);
    }
}

BOOST_AUTO_TEST_CASE(converting_between_frozen_and_unfrozen_keeps_every_weight_and_the_seed) {
    plain a{cn::seed{6}};
    for (const auto& w : cn::weight_slots<plain>())  // moving statistics that are not the initial ones
        if (!w.trainable) std::fill_n(a.state() + w.offset, w.count, 0.5f);
    const frozen_body f{a};
    const plain back{f};
    BOOST_TEST(params_of(f) == params_of(a));
    BOOST_TEST(state_of(f) == state_of(a));
    BOOST_TEST(params_of(back) == params_of(a));
    BOOST_TEST(f.seed_value() == 6u);
    const std::vector<float> x(12 * 2, 0.3f);
    BOOST_TEST(f.predict(x) == a.predict(x), boost::test_tools::per_element());
}

// Transfer: B reuses A's first four layers (input, batch norm, dense + relu, batch norm) under a
// new head. A's dense<8> has no bias (a batch norm follows it in A); in B nothing follows the
// copied layers' last dense but new layers.
using model_a = net<cn::input<12>, cn::batch_norm<>, cn::dense<10, cn::relu>, cn::batch_norm<>, cn::dense<8>, cn::batch_norm<>,
                    cn::relu, cn::dense<5, cn::softmax>>;
using model_b = net<cn::input<12>, cn::frozen<cn::batch_norm<>>, cn::frozen<cn::dense<10, cn::relu, cn::l2<0.01f>>>,
                    cn::frozen<cn::batch_norm<>>, cn::dense<8>, cn::relu, cn::dense<1, cn::sigmoid>>;

BOOST_AUTO_TEST_CASE(copy_layers_copies_the_shared_layers_and_nothing_else) {
    model_a a{cn::seed{7}};
    for (std::size_t i = 0; i < model_a::plan().state_floats; ++i) a.state()[i] += 0.25f + 0.001f * static_cast<float>(i);
    model_b b{cn::seed{8}};
    const model_b fresh = b;
    cn::copy_layers<4>(a, b);
    constexpr auto& PA = model_a::plan();
    constexpr auto& PB = model_b::plan();
    // Stages: A = BN | dense10+BN | dense8+BN+relu | dense5;  B = BN | dense10+BN | dense8+relu | dense1.
    auto same = [](const float* x, const float* y, std::size_t n) { return std::equal(x, x + n, y); };
    BOOST_TEST(same(b.parameters() + PB.stages[0].gamma, a.parameters() + PA.stages[0].gamma, 12));
    BOOST_TEST(same(b.parameters() + PB.stages[0].beta, a.parameters() + PA.stages[0].beta, 12));
    BOOST_TEST(same(b.state() + PB.stages[0].moving_mean, a.state() + PA.stages[0].moving_mean, 12));
    BOOST_TEST(same(b.state() + PB.stages[0].moving_variance, a.state() + PA.stages[0].moving_variance, 12));
    BOOST_TEST(same(b.parameters() + PB.stages[1].kernel, a.parameters() + PA.stages[1].kernel, 120));
    BOOST_TEST(same(b.parameters() + PB.stages[1].bias, a.parameters() + PA.stages[1].bias, 10));
    BOOST_TEST(same(b.parameters() + PB.stages[1].gamma, a.parameters() + PA.stages[1].gamma, 10));
    BOOST_TEST(same(b.state() + PB.stages[1].moving_variance, a.state() + PA.stages[1].moving_variance, 10));
    // Layers 4 on are B's own.
    BOOST_TEST(same(b.parameters() + PB.stages[2].kernel, fresh.parameters() + PB.stages[2].kernel, 80));
    BOOST_TEST(same(b.parameters() + PB.stages[3].kernel, fresh.parameters() + PB.stages[3].kernel, 8));
    BOOST_TEST(same(b.parameters() + PB.stages[2].bias, fresh.parameters() + PB.stages[2].bias, 8));
}

// B's dense<8> keeps a bias that A dropped (A has a batch norm after it, B does not): copying
// layers 0..4 gives it zero, which is what A's layer computed.
using model_c = net<cn::input<12>, cn::batch_norm<>, cn::dense<10, cn::relu>, cn::batch_norm<>, cn::dense<8>, cn::dense<2, cn::softmax>>;

BOOST_AUTO_TEST_CASE(a_bias_the_source_dropped_is_copied_as_zero) {
    static_assert(model_a::plan().stages[2].bias == cn::no_offset && model_c::plan().stages[2].bias != cn::no_offset);
    model_a a{cn::seed{9}};
    model_c c{cn::seed{10}};
    std::fill_n(c.parameters() + model_c::plan().stages[2].bias, 8, 1.0f);
    cn::copy_layers<5>(a, c);
    BOOST_TEST(std::equal(c.parameters() + model_c::plan().stages[2].kernel, c.parameters() + model_c::plan().stages[2].kernel + 80,
                          a.parameters() + model_a::plan().stages[2].kernel));
    const float* bias = c.parameters() + model_c::plan().stages[2].bias;
    BOOST_TEST(std::all_of(bias, bias + 8, [](float v) { return v == 0.0f; }));
}
