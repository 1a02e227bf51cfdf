// A step fit refuses changes nothing: every weight, optimizer variable and moving statistic is bitwise
// what it was before the step, with and without batch norm; and non-finite or overflowing input is
// refused before the first step, naming the sample and the feature.
#define BOOST_TEST_MODULE refused_steps
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace cn = ctnet;

using with_bn = cn::sequential<cn::input<20>, cn::batch_norm<>, cn::dense<16, cn::relu>, cn::batch_norm<>,
                               cn::dense<4, cn::softmax>>;
using without_bn = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<4, cn::softmax>>;

cn::dataset samples(std::size_t n, float scale = 1.0f) {
    cn::dataset d;
    d.sample_shape = {20};
    for (std::size_t i = 0; i < n * 20; ++i)
        d.images.push_back(scale * (static_cast<float>((i * 2654435761u) % 1000) / 500.0f - 1.0f));
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 4));
    return d;
}

// Everything a step may change: parameters, moving statistics, the optimizer's variables and step count.
template <class Net, class Trainer>
std::vector<float> everything(const Net& model, const Trainer& t) {
    const auto& p = Net::plan();
    std::vector<float> all(model.parameters(), model.parameters() + p.param_floats);
    all.insert(all.end(), model.state(), model.state() + p.state_floats);
    all.insert(all.end(), t.optimizer_state().begin(), t.optimizer_state().end());
    all.push_back(static_cast<float>(t.iterations()));
    return all;
}

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

template <class Net>
void check_refused(float lr, const cn::dataset& bad, const std::string& expected) {
    Net model{cn::seed{3}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{},
                         cn::sgd{.learning_rate = lr, .momentum = 0.9f, .nesterov = true});
    t.fit(samples(32), {.epochs = 1, .batch_size = 32, .verbose = 0});  // one accepted step: a velocity
    const auto before = everything(model, t);
    BOOST_TEST(t.iterations() == 1u);
    bool refused = false;
    try {
        t.fit(bad, {.epochs = 1, .batch_size = 32, .verbose = 0});
    } catch (const std::runtime_error& e) {
        refused = true;
        const std::string what = e.what();
        BOOST_TEST_INFO(what);
        BOOST_TEST(what.find(expected) != std::string::npos);
        BOOST_TEST(what.find("epoch 1, step 1; the step was refused") != std::string::npos);
    }
    BOOST_TEST(refused);
    BOOST_TEST(bitwise_equal(everything(model, t), before));
}

BOOST_AUTO_TEST_CASE(a_refused_step_with_batch_norm_changes_nothing) {
    // 1e19 is below the input bound (2^64), but 32 squares of it overflow float: the first batch
    // norm's variance is infinite, and the step is refused before its backward.
    check_refused<with_bn>(0.01f, samples(32, 1e19f), "the batch statistics of layer 1 (batch_norm");
}

BOOST_AUTO_TEST_CASE(a_refused_step_without_batch_norm_changes_nothing) {
    // A learning rate of 1e30 makes the first step's weights huge; the second step's logits then
    // overflow and its loss is NaN.
    check_refused<without_bn>(1e30f, samples(32), "the loss became");
}

BOOST_AUTO_TEST_CASE(moving_statistics_change_only_with_an_accepted_step) {
    with_bn model{cn::seed{3}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const std::vector<float> state(model.state(), model.state() + with_bn::plan().state_floats);
    t.loss_and_gradients(samples(8));  // a training forward, not a step
    BOOST_TEST(std::memcmp(model.state(), state.data(), state.size() * sizeof(float)) == 0);
    t.fit(samples(8), {.epochs = 1, .batch_size = 8, .verbose = 0});
    BOOST_TEST(std::memcmp(model.state(), state.data(), state.size() * sizeof(float)) != 0);
}

// Non-finite and overflowing inputs never reach the weights: fit refuses them before its first
// step, wherever they are (training or validation set), naming the set, the sample and the feature.
template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

BOOST_AUTO_TEST_CASE(non_finite_input_is_refused_before_the_first_step) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    for (const auto& [value, text] : {std::pair{nan, "is nan"}, {inf, "is inf"}, {-inf, "is -inf"},
                                      {1e30f, "is 1e+30, not below 2^64"}, {-2e19f, "is -2e+19, not below 2^64"}}) {
        with_bn model{cn::seed{3}};
        auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{.momentum = 0.9f});
        const std::vector<float> w(model.parameters(), model.parameters() + with_bn::plan().param_floats);
        auto bad = samples(40);
        bad.images[37 * 20 + 5] = value;
        const auto good = samples(40);
        const std::string train_msg = refusal([&] { t.fit(bad, {.epochs = 1, .verbose = 0}); });
        BOOST_TEST(train_msg.find("ctnet::fit: the training data's images: sample 37, feature 5 " + std::string(text)) == 0u);
        const std::string valid_msg = refusal([&] { t.fit(good, {.epochs = 1, .validation = bad, .verbose = 0}); });
        BOOST_TEST(valid_msg.find("ctnet::fit: the validation data's images: sample 37, feature 5 " + std::string(text)) == 0u);
        BOOST_TEST(refusal([&] { t.evaluate(bad); }).find("ctnet::evaluate: the data's images: sample 37, feature 5") == 0u);
        BOOST_TEST(refusal([&] { (void)model.predict(bad.images); })
                       .find("ctnet::sequential::predict: the inputs: sample 37, feature 5") == 0u);
        BOOST_TEST(t.iterations() == 0u);
        BOOST_TEST(std::memcmp(model.parameters(), w.data(), w.size() * sizeof(float)) == 0);
    }
}

BOOST_AUTO_TEST_CASE(the_largest_input_below_the_bound_is_accepted) {
    without_bn model{cn::seed{3}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    auto d = samples(4);
    d.images[3] = 1.8e19f;  // just below 2^64
    BOOST_CHECK_NO_THROW(t.evaluate(d));
}
