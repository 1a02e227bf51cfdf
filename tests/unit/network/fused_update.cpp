// fit updates each parameter range inside the backward pass, as soon as its gradient is final
// (executor::backward's hook). That must be exactly the textbook order: the whole gradient first
// (loss_and_gradients, penalties included), then one SGD pass over the arena, then max_norm.
// Covers every kind of parameter range the hook hands on: kernels (with l1/l2 and max_norm),
// biases, batch-norm gamma/beta (before and after the activation), prelu slopes (as a dense option
// and as a layer), a kernel without bias.
#define BOOST_TEST_MODULE fused_update
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <utility>
#include <vector>

namespace cn = ctnet;

// The net has an l1_l2 penalty and is trained with adam too: the warning is known and meant here.
constexpr cn::silence<cn::warnings::l2_with_adaptive_optimizer> quiet{};

// 70 x 40 x 64 rows: the first GEMMs cross the size at which the pool splits them.
using net = cn::sequential<cn::input<70>, cn::batch_norm<>, cn::dense<40, cn::prelu, cn::l1_l2<0.001f, 0.01f>>,
                           cn::batch_norm<>, cn::dense<24, cn::no_bias, cn::max_norm<0.5f>>, cn::batch_norm<>,
                           cn::relu, cn::dense<16>, cn::prelu, cn::dense<5, cn::softmax>>;

cn::dataset samples(std::size_t n) {
    cn::dataset d;
    d.sample_shape = {70};
    for (std::size_t i = 0; i < n * 70; ++i) d.images.push_back(static_cast<float>((i * 2654435761u) % 997) / 500.0f - 1.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 5));
    return d;
}

constexpr float lr = 0.05f, mu = 0.9f;
constexpr std::size_t steps = 3;

std::vector<float> params_of(const net& m) {
    return {m.parameters(), m.parameters() + net::plan().param_floats};
}

// The reference: gradients of the whole batch, then one pass of kernels::sgd over the arena.
std::vector<float> textbook(const cn::dataset& data) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = lr, .momentum = mu, .nesterov = true});
    constexpr auto& P = net::plan();
    std::vector<float> velocity(P.param_floats, 0.0f);
    for (std::size_t s = 0; s < steps; ++s) {
        auto [loss, g] = trainer.loss_and_gradients(data);
        cn::kernels::sgd::step(model.parameters(), g.data(), velocity.data(), P.param_floats, lr, mu, true);
        constexpr auto st = P.stages[2];
        static_assert(st.max_norm == 0.5f && st.inputs == 40 && st.units == 24);
        cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
    }
    return params_of(model);
}

std::vector<float> fitted(const cn::dataset& data, std::size_t threads) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = lr, .momentum = mu, .nesterov = true});
    trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
    return params_of(model);
}

BOOST_AUTO_TEST_CASE(fused_update_is_the_textbook_step) {
    const cn::dataset data = samples(64);
    const std::vector<float> want = textbook(data);
    const std::vector<float> start = params_of(net{cn::seed{11}});
    BOOST_TEST(std::memcmp(want.data(), start.data(), want.size() * sizeof(float)) != 0);  // it trained
    for (std::size_t threads : {1u, 2u}) {
        const std::vector<float> got = fitted(data, threads);
        BOOST_TEST_CONTEXT("threads " << threads) {
            BOOST_REQUIRE_EQUAL(got.size(), want.size());
            std::size_t differing = 0;
            for (std::size_t i = 0; i < got.size(); ++i) differing += std::memcmp(&got[i], &want[i], sizeof(float)) != 0;
            BOOST_TEST(differing == 0u);
        }
    }
}

// Adam (and AMSGrad): the same, against one pass of kernels::adam over the whole arena per step.
std::vector<float> textbook_adam(const cn::dataset& data, cn::adam o) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
    constexpr auto& P = net::plan();
    std::vector<float> m(P.param_floats, 0.0f), v(P.param_floats, 0.0f), v_hat(P.param_floats, 0.0f);
    for (std::size_t s = 0; s < steps; ++s) {
        auto [loss, g] = trainer.loss_and_gradients(data);
        const auto k = cn::kernels::adam::step_constants::of(o.learning_rate(s), o.beta_1, o.beta_2, o.epsilon, s);
        cn::kernels::adam::step_block(model.parameters(), g.data(), m.data(), v.data(), o.amsgrad ? v_hat.data() : nullptr,
                                      1, P.param_floats, P.param_floats, 0, k);
        constexpr auto st = P.stages[2];
        cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
    }
    std::vector<float> all = params_of(model);
    all.insert(all.end(), m.begin(), m.end());
    all.insert(all.end(), v.begin(), v.end());
    if (o.amsgrad) all.insert(all.end(), v_hat.begin(), v_hat.end());
    return all;
}

std::vector<float> fitted_adam(const cn::dataset& data, cn::adam o, std::size_t threads) {
    net model{cn::seed{11}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
    trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
    std::vector<float> all = params_of(model);
    for (std::size_t slot = 0; slot < 3; ++slot) all.insert(all.end(), trainer.optimizer_state(slot).begin(),
                                                            trainer.optimizer_state(slot).end());
    return all;
}

BOOST_AUTO_TEST_CASE(fused_adam_update_is_the_textbook_step) {
    const cn::dataset data = samples(64);
    for (const bool amsgrad : {false, true}) {
        const cn::adam o{.learning_rate = 0.01f, .amsgrad = amsgrad};
        const std::vector<float> want = textbook_adam(data, o);
        for (std::size_t threads : {1u, 2u}) {
            const std::vector<float> got = fitted_adam(data, o, threads);
            BOOST_TEST_CONTEXT("amsgrad " << amsgrad << ", threads " << threads) {
                BOOST_REQUIRE_EQUAL(got.size(), want.size());
                std::size_t differing = 0;
                for (std::size_t i = 0; i < got.size(); ++i) differing += std::memcmp(&got[i], &want[i], sizeof(float)) != 0;
                BOOST_TEST(differing == 0u);
            }
        }
    }
}

// Adagrad: the same, its accumulator starting at initial_accumulator_value in both.
BOOST_AUTO_TEST_CASE(fused_adagrad_update_is_the_textbook_step) {
    const cn::dataset data = samples(64);
    const cn::adagrad o{.learning_rate = 0.05f};
    constexpr auto& P = net::plan();
    std::vector<float> want;
    {
        net model{cn::seed{11}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
        std::vector<float> acc(P.param_floats, o.initial_accumulator_value);
        for (std::size_t s = 0; s < steps; ++s) {
            auto [loss, g] = trainer.loss_and_gradients(data);
            cn::kernels::adagrad::step_block(model.parameters(), g.data(), acc.data(), 1, P.param_floats, P.param_floats, 0,
                                             cn::kernels::adagrad::step_constants::of(o.learning_rate(s), o.epsilon, s));
            constexpr auto st = P.stages[2];
            cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
        }
        want = params_of(model);
        want.insert(want.end(), acc.begin(), acc.end());
    }
    for (std::size_t threads : {1u, 2u}) {
        net model{cn::seed{11}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
        trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
        std::vector<float> got = params_of(model);
        got.insert(got.end(), trainer.optimizer_state(0).begin(), trainer.optimizer_state(0).end());
        BOOST_TEST_CONTEXT("threads " << threads) {
            BOOST_REQUIRE_EQUAL(got.size(), want.size());
            std::size_t differing = 0;
            for (std::size_t i = 0; i < got.size(); ++i) differing += std::memcmp(&got[i], &want[i], sizeof(float)) != 0;
            BOOST_TEST(differing == 0u);
        }
    }
}

// RMSprop with momentum and centered (every slot), and plain: the same, against one pass of
// kernels::rmsprop over the whole arena per step.
BOOST_AUTO_TEST_CASE(fused_rmsprop_update_is_the_textbook_step) {
    const cn::dataset data = samples(64);
    constexpr auto& P = net::plan();
    for (const bool full : {false, true}) {
        const cn::rmsprop o{.learning_rate = 0.01f, .momentum = full ? 0.9f : 0.0f, .centered = full};
        std::vector<float> want;
        {
            net model{cn::seed{11}};
            auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
            std::vector<float> v(P.param_floats, 0.0f), s(P.param_floats, 0.0f), a(P.param_floats, 0.0f);
            for (std::size_t step = 0; step < steps; ++step) {
                auto [loss, g] = trainer.loss_and_gradients(data);
                cn::kernels::rmsprop::step_block(
                    model.parameters(), g.data(), v.data(), full ? s.data() : nullptr, full ? a.data() : nullptr, 1,
                    P.param_floats, P.param_floats, 0,
                    cn::kernels::rmsprop::step_constants::of(o.learning_rate(step), o.rho, o.momentum, o.epsilon, step));
                constexpr auto st = P.stages[2];
                cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
            }
            want = params_of(model);
            want.insert(want.end(), v.begin(), v.end());
            if (full) {
                want.insert(want.end(), s.begin(), s.end());
                want.insert(want.end(), a.begin(), a.end());
            }
        }
        for (std::size_t threads : {1u, 2u}) {
            net model{cn::seed{11}};
            auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
            trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
            std::vector<float> got = params_of(model);
            for (std::size_t slot = 0; slot < 3; ++slot)
                got.insert(got.end(), trainer.optimizer_state(slot).begin(), trainer.optimizer_state(slot).end());
            BOOST_TEST_CONTEXT("momentum and centered " << full << ", threads " << threads) {
                BOOST_REQUIRE_EQUAL(got.size(), want.size());
                std::size_t differing = 0;
                for (std::size_t i = 0; i < got.size(); ++i) differing += std::memcmp(&got[i], &want[i], sizeof(float)) != 0;
                BOOST_TEST(differing == 0u);
            }
        }
    }
}

// Adamax and Nadam (two slots each, m first): the same, against one pass of their kernel over the
// whole arena per step.
template <class Kernel, class Optimizer>
void check_two_slot_optimizer(const Optimizer& o) {
    const cn::dataset data = samples(64);
    constexpr auto& P = net::plan();
    std::vector<float> want;
    {
        net model{cn::seed{11}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
        std::vector<float> m(P.param_floats, 0.0f), second(P.param_floats, 0.0f);
        for (std::size_t step = 0; step < steps; ++step) {
            auto [loss, g] = trainer.loss_and_gradients(data);
            Kernel::step_block(model.parameters(), g.data(), m.data(), second.data(), 1, P.param_floats, P.param_floats, 0,
                               Kernel::step_constants::of(o.learning_rate(step), o.beta_1, o.beta_2, o.epsilon, step));
            constexpr auto st = P.stages[2];
            cn::kernels::regularizer_math::max_norm<40, 24>(model.parameters() + st.kernel, st.max_norm);
        }
        want = params_of(model);
        want.insert(want.end(), m.begin(), m.end());
        want.insert(want.end(), second.begin(), second.end());
    }
    for (std::size_t threads : {1u, 2u}) {
        net model{cn::seed{11}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, o, quiet);
        trainer.fit(data, {.epochs = steps, .batch_size = data.size(), .shuffle = false, .verbose = 0, .threads = threads});
        std::vector<float> got = params_of(model);
        for (std::size_t slot = 0; slot < 2; ++slot)
            got.insert(got.end(), trainer.optimizer_state(slot).begin(), trainer.optimizer_state(slot).end());
        BOOST_TEST_CONTEXT("threads " << threads) {
            BOOST_REQUIRE_EQUAL(got.size(), want.size());
            std::size_t differing = 0;
            for (std::size_t i = 0; i < got.size(); ++i) differing += std::memcmp(&got[i], &want[i], sizeof(float)) != 0;
            BOOST_TEST(differing == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(fused_adamax_update_is_the_textbook_step) {
    check_two_slot_optimizer<cn::kernels::adamax>(cn::adamax{.learning_rate = 0.01f});
}

BOOST_AUTO_TEST_CASE(fused_nadam_update_is_the_textbook_step) {
    check_two_slot_optimizer<cn::kernels::nadam>(cn::nadam{.learning_rate = 0.01f});
}
