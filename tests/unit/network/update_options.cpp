// The options every optimizer has (clipvalue, clipnorm, global_clipnorm, weight_decay), as fit runs
// them, against the textbook order written out here with the kernels: the whole gradient of the
// total loss (loss_and_gradients, penalties included), then the clipping over the whole arena, then
// w -= w * wd * lr on every trainable parameter, then one optimizer pass, then max_norm. Bitwise,
// for one and two threads: clipvalue and weight decay run per block inside the backward pass,
// clipnorm and global_clipnorm in a pass after it. Also: the trainable tensors the clipping sees,
// and compile's refusals.
#define BOOST_TEST_MODULE update_options
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace cn = ctnet;

// The net has an l1_l2 penalty and is trained with adam too: the warning is known and meant here.
constexpr cn::silence<cn::warnings::l2_with_adaptive_optimizer> quiet{};

// Every kind of trainable tensor: kernels (one with l1_l2, one without bias, one with max_norm),
// biases, batch-norm gamma/beta, prelu slopes.
using net = cn::sequential<cn::input<70>, cn::batch_norm<>, cn::dense<40, cn::prelu, cn::l1_l2<0.001f, 0.01f>>,
                           cn::batch_norm<>, cn::dense<24, cn::no_bias, cn::max_norm<0.5f>>, cn::batch_norm<>,
                           cn::relu, cn::dense<16>, cn::prelu, cn::dense<5, cn::softmax>>;
constexpr auto& P = net::plan();
constexpr std::size_t steps = 3;

cn::dataset samples(std::size_t n) {
    cn::dataset d;
    d.sample_shape = {70};
    for (std::size_t i = 0; i < n * 70; ++i) d.images.push_back(static_cast<float>((i * 2654435761u) % 997) / 500.0f - 1.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 5));
    return d;
}

// The trainable tensors, listed here from the plan's stages (not from detail::parameter_tensors).
std::vector<std::pair<std::size_t, std::size_t>> tensors() {
    std::vector<std::pair<std::size_t, std::size_t>> t;
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const cn::stage& s = P.stages[i];
        if (s.kernel != cn::no_offset) t.emplace_back(s.kernel, s.inputs * s.units);
        for (std::size_t at : {s.bias, s.alpha, s.gamma, s.beta})
            if (at != cn::no_offset) t.emplace_back(at, s.units);
    }
    std::sort(t.begin(), t.end());
    return t;
}

BOOST_AUTO_TEST_CASE(the_clipped_tensors_are_the_trainable_variables) {
    constexpr auto listed = cn::detail::parameter_tensors<P>();
    const auto want = tensors();
    BOOST_REQUIRE_EQUAL(listed.size(), want.size());
    std::size_t total = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        BOOST_TEST(listed[i].at == want[i].first);
        BOOST_TEST(listed[i].count == want[i].second);
        total += listed[i].count;
    }
    BOOST_TEST(total == cn::trainable_param_count<net>);  // Keras's "Trainable params"
}

// The textbook step with Adam's kernel, o's options applied as Keras's base optimizer applies them.
std::vector<float> textbook(const cn::dataset& data, const cn::adam& o) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
    std::vector<float> m(P.param_floats, 0.0f), v(P.param_floats, 0.0f);
    using clip = cn::kernels::gradient_clipping;
    for (std::size_t s = 0; s < steps; ++s) {
        auto [loss, g] = trainer.loss_and_gradients(data);
        if (o.clipvalue > 0.0f) clip::clip_value_block(g.data(), 1, g.size(), g.size(), o.clipvalue);
        if (o.clipnorm > 0.0f)
            for (const auto& [at, n] : tensors())
                clip::scale_by_norm(g.data() + at, n, clip::scale_of_norm(clip::sum_squares(g.data() + at, n), o.clipnorm));
        if (o.global_clipnorm > 0.0f) {
            double squares = 0.0;
            for (const auto& [at, n] : tensors()) squares += clip::sum_squares(g.data() + at, n);
            clip::scale(g.data(), g.size(), clip::global_scale(squares, o.global_clipnorm));
        }
        if (o.weight_decay > 0.0f)
            cn::kernels::weight_decay::decay_block(model.parameters(), 1, P.param_floats, P.param_floats, o.weight_decay,
                                                   o.learning_rate(s));
        const auto k = cn::kernels::adam::step_constants::of(o.learning_rate(s), o.beta_1, o.beta_2, o.epsilon, s);
        cn::kernels::adam::step_block(model.parameters(), g.data(), m.data(), v.data(), nullptr, 1, P.param_floats,
                                      P.param_floats, 0, k);
        constexpr auto st = P.stages[2];
        cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
    }
    std::vector<float> all(model.parameters(), model.parameters() + P.param_floats);
    all.insert(all.end(), m.begin(), m.end());
    all.insert(all.end(), v.begin(), v.end());
    return all;
}

template <class Optimizer>
std::vector<float> fitted(const cn::dataset& data, const Optimizer& o, std::size_t threads) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
    trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
    std::vector<float> all(model.parameters(), model.parameters() + P.param_floats);
    for (std::size_t slot = 0; slot < 2; ++slot)
        all.insert(all.end(), trainer.optimizer_state(slot).begin(), trainer.optimizer_state(slot).end());
    return all;
}

std::size_t differing(const std::vector<float>& a, const std::vector<float>& b) {
    BOOST_REQUIRE_EQUAL(a.size(), b.size());
    std::size_t n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += std::memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return n;
}

BOOST_AUTO_TEST_CASE(each_option_is_the_textbook_step) {
    const cn::dataset data = samples(64);
    const cn::adam plain{.learning_rate = 0.01f};
    const std::vector<float> unclipped = textbook(data, plain);
    struct option {
        const char* name;
        cn::adam o;
    };
    // Limits small enough that they bite (the test checks that each changes the result).
    for (const option& c : {option{"clipvalue", {.learning_rate = 0.01f, .clipvalue = 1e-3f}},
                            option{"clipnorm", {.learning_rate = 0.01f, .clipnorm = 0.05f}},
                            option{"global_clipnorm", {.learning_rate = 0.01f, .global_clipnorm = 0.1f}},
                            option{"weight_decay", {.learning_rate = 0.01f, .weight_decay = 0.1f}},
                            option{"weight_decay + clipnorm", {.learning_rate = 0.01f, .weight_decay = 0.1f, .clipnorm = 0.05f}}}) {
        BOOST_TEST_CONTEXT(c.name) {
            const std::vector<float> want = textbook(data, c.o);
            BOOST_TEST(differing(want, unclipped) > 0u);  // the option did something
            for (std::size_t threads : {1u, 2u}) BOOST_TEST(differing(fitted(data, c.o, threads), want) == 0u, "threads " << threads);
        }
    }
}

// AdamW is Adam with weight decay 0.004 by default: the same steps as adam{.weight_decay = 0.004}.
BOOST_AUTO_TEST_CASE(adamw_is_adam_with_weight_decay) {
    const cn::dataset data = samples(64);
    BOOST_TEST(cn::adamw{}.weight_decay == 0.004f);
    const std::vector<float> want = fitted(data, cn::adam{.learning_rate = 0.01f, .weight_decay = 0.004f}, 1);
    BOOST_TEST(differing(fitted(data, cn::adamw{.learning_rate = 0.01f}, 1), want) == 0u);
    BOOST_TEST(differing(fitted(data, cn::adam{.learning_rate = 0.01f}, 1), want) > 0u);
}

template <class Optimizer>
std::string refusal(const Optimizer& o) {
    net model{cn::seed{1}};
    try {
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

BOOST_AUTO_TEST_CASE(compile_refuses_two_clipping_options_and_bad_values) {
    BOOST_TEST(refusal(cn::adam{.clipnorm = 1.0f, .global_clipnorm = 1.0f}) ==
               "ctnet::adam: only one of clipnorm, clipvalue and global_clipnorm can be set; got clipnorm = 1.000000, "
               "clipvalue = 0.000000, global_clipnorm = 1.000000");
    BOOST_TEST(refusal(cn::sgd{.clipnorm = 1.0f, .clipvalue = 0.5f}) ==
               "ctnet::sgd: only one of clipnorm, clipvalue and global_clipnorm can be set; got clipnorm = 1.000000, "
               "clipvalue = 0.500000, global_clipnorm = 0.000000");
    BOOST_TEST(refusal(cn::rmsprop{.weight_decay = -0.1f}) ==
               "ctnet::rmsprop: weight_decay is -0.100000; it must be finite and >= 0 (0: off)");
    BOOST_TEST(refusal(cn::nadam{.clipvalue = NAN}) == "ctnet::nadam: clipvalue is nan; it must be finite and >= 0 (0: off)");
    BOOST_TEST(refusal(cn::adamw{.weight_decay = INFINITY}) ==
               "ctnet::adamw: weight_decay is inf; it must be finite and >= 0 (0: off)");
    BOOST_TEST(refusal(cn::adamw{.beta_1 = 1.0f}) == "ctnet::adamw: beta_1 is 1.000000; it must be in [0, 1)");
    BOOST_TEST(refusal(cn::adagrad{.clipvalue = 1.0f, .global_clipnorm = 1.0f}).find("only one of") != std::string::npos);
    BOOST_TEST(refusal(cn::adamax{.clipnorm = 1.0f}) == "(nothing thrown)");  // one option is fine
}
