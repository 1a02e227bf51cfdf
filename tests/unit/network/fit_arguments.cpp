// Every argument of compile, fit, evaluate and predict is checked before anything is trained: a
// clear std::invalid_argument naming the argument, and no weight changed.
#define BOOST_TEST_MODULE fit_arguments
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace cn = ctnet;

using net = cn::sequential<cn::input<20>, cn::batch_norm<>, cn::dense<16, cn::relu>, cn::dense<4, cn::softmax>>;

cn::dataset samples(std::size_t n, std::vector<std::size_t> shape = {20}) {
    cn::dataset d;
    d.sample_shape = shape;
    for (std::size_t i = 0; i < n * d.sample_size(); ++i)
        d.images.push_back(static_cast<float>((i * 2654435761u) % 1000) / 1000.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 4));
    return d;
}

template <class F>
std::string refusal(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

// The model's weights and state, and the trainer's step count, are unchanged by a refused call.
struct unchanged {
    net& model;
    std::vector<float> params{model.parameters(), model.parameters() + net::plan().param_floats};
    std::vector<float> state{model.state(), model.state() + net::plan().state_floats};
    bool operator()() const {
        return std::memcmp(model.parameters(), params.data(), params.size() * sizeof(float)) == 0 &&
               std::memcmp(model.state(), state.data(), state.size() * sizeof(float)) == 0;
    }
};

BOOST_AUTO_TEST_CASE(batch_size_zero_is_refused) {
    net model{cn::seed{1}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const unchanged same{model};
    BOOST_TEST(refusal([&] { t.evaluate(samples(10), 0); }) == "ctnet::evaluate: batch_size must be at least 1, not 0");
    BOOST_TEST(refusal([&] { t.fit(samples(10), {.batch_size = 0, .verbose = 0}); }) ==
               "ctnet::fit: batch_size must be at least 1, not 0");
    BOOST_TEST(same());
}

BOOST_AUTO_TEST_CASE(an_empty_dataset_is_refused) {
    net model{cn::seed{1}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const unchanged same{model};
    BOOST_TEST(refusal([&] { t.fit(samples(0), {.verbose = 0}); }) == "ctnet::fit: the training data has no samples");
    BOOST_TEST(refusal([&] { t.evaluate(samples(0)); }) == "ctnet::evaluate: the data has no samples");
    const cn::dataset empty = samples(0);
    BOOST_TEST(refusal([&] { t.fit(samples(10), {.validation = empty, .verbose = 0}); }) ==
               "ctnet::fit: the validation data has no samples");
    BOOST_TEST(t.iterations() == 0u);
    BOOST_TEST(same());
}

BOOST_AUTO_TEST_CASE(images_that_are_not_whole_samples_are_refused) {
    net model{cn::seed{1}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const unchanged same{model};
    auto d = samples(2);
    d.images.push_back(0.5f);  // 41 floats: two samples and one float
    BOOST_TEST(refusal([&] { t.fit(d, {.verbose = 0}); }) ==
               "ctnet::fit: the training data's images hold 41 floats, not a whole number of rows of 20");
    BOOST_TEST(refusal([&] { t.evaluate(d); }) ==
               "ctnet::evaluate: the data's images hold 41 floats, not a whole number of rows of 20");
    BOOST_TEST(same());
}

BOOST_AUTO_TEST_CASE(a_bad_validation_set_is_refused_before_the_first_step) {
    net model{cn::seed{1}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{.momentum = 0.9f});
    const unchanged same{model};
    const cn::dataset wrong_shape = samples(8, {21});
    BOOST_TEST(refusal([&] { t.fit(samples(64), {.epochs = 2, .validation = wrong_shape, .verbose = 0}); }) ==
               "ctnet::fit: the validation data's samples have 21 values, the network's input has 20");
    auto wrong_labels = samples(8);
    wrong_labels.labels[5] = 4;
    BOOST_TEST(refusal([&] { t.fit(samples(64), {.epochs = 2, .validation = wrong_labels, .verbose = 0}); })
                   .find("ctnet::fit: label 4 of sample 5 is not a class of the 4-way output") == 0u);
    wrong_labels.labels.pop_back();
    BOOST_TEST(refusal([&] { t.fit(samples(64), {.epochs = 2, .validation = wrong_labels, .verbose = 0}); })
                   .find("ctnet::fit: 8 samples but 7 labels") == 0u);
    BOOST_TEST(t.iterations() == 0u);
    BOOST_TEST(same());
}

BOOST_AUTO_TEST_CASE(sgd_hyperparameters_are_checked_by_compile) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    net model{cn::seed{1}};
    const auto message = [&](cn::sgd o) {
        return refusal([&] { (void)cn::compile(model, cn::sparse_categorical_crossentropy{}, o); });
    };
    BOOST_TEST(message({.learning_rate = -0.01f}) ==
               "ctnet::sgd: learning_rate is -0.010000; it must be finite and >= 0");
    BOOST_TEST(message({.learning_rate = nan}).find("ctnet::sgd: learning_rate is nan") == 0u);
    BOOST_TEST(message({.learning_rate = inf}).find("ctnet::sgd: learning_rate is inf") == 0u);
    BOOST_TEST(message({.momentum = 1.5f}) == "ctnet::sgd: momentum is 1.500000; it must be in [0, 1] (as Keras requires)");
    BOOST_TEST(message({.momentum = -0.1f}).find("ctnet::sgd: momentum is -0.100000") == 0u);
    BOOST_TEST(message({.momentum = nan}).find("ctnet::sgd: momentum is nan") == 0u);
    BOOST_TEST(message({.decay = -1e-4f}).find("ctnet::sgd: decay is -0.000100; it must be finite and >= 0") == 0u);
    BOOST_TEST(message({.decay = inf}).find("ctnet::sgd: decay is inf") == 0u);
    // The edges are allowed, as in Keras: a rate of 0 (nothing moves), momentum 0 and 1.
    BOOST_TEST(message({.learning_rate = 0.0f, .momentum = 1.0f}) == "(nothing thrown)");
    BOOST_TEST(message({.momentum = 0.0f, .decay = 0.0f}) == "(nothing thrown)");
}

BOOST_AUTO_TEST_CASE(adagrad_rmsprop_adamax_nadam_hyperparameters_are_checked_by_compile) {
    const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
    net model{cn::seed{1}};
    const auto message = [&](auto o) {
        return refusal([&] { (void)cn::compile(model, cn::sparse_categorical_crossentropy{}, o); });
    };
    BOOST_TEST(message(cn::adagrad{.learning_rate = -1.0f}) ==
               "ctnet::adagrad: learning_rate is -1.000000; it must be finite and >= 0");
    BOOST_TEST(message(cn::adagrad{.initial_accumulator_value = -0.1f})
                   .find("ctnet::adagrad: initial_accumulator_value is -0.100000; it must be finite and >= 0") == 0u);
    BOOST_TEST(message(cn::adagrad{.epsilon = nan}).find("ctnet::adagrad: epsilon is nan") == 0u);
    BOOST_TEST(message(cn::adagrad{.initial_accumulator_value = 0.0f, .epsilon = 0.0f})
                   .find("ctnet::adagrad: epsilon is 0.000000; it must be > 0 when initial_accumulator_value is 0") == 0u);
    BOOST_TEST(message(cn::adagrad{.epsilon = 0.0f}) == "(nothing thrown)");  // the accumulator starts at 0.1
    BOOST_TEST(message(cn::rmsprop{.rho = 1.5f}) == "ctnet::rmsprop: rho is 1.500000; it must be in [0, 1]");
    BOOST_TEST(message(cn::rmsprop{.momentum = -0.5f}).find("ctnet::rmsprop: momentum is -0.500000") == 0u);
    BOOST_TEST(message(cn::rmsprop{.epsilon = 0.0f}).find("ctnet::rmsprop: epsilon is 0.000000; it must be finite and > 0") == 0u);
    BOOST_TEST(message(cn::rmsprop{.learning_rate = inf}).find("ctnet::rmsprop: learning_rate is inf") == 0u);
    BOOST_TEST(message(cn::rmsprop{.momentum = 0.9f, .centered = true}) == "(nothing thrown)");
    BOOST_TEST(message(cn::adamax{.beta_1 = 1.0f}) == "ctnet::adamax: beta_1 is 1.000000; it must be in [0, 1)");
    BOOST_TEST(message(cn::adamax{.beta_2 = 1.5f}) == "ctnet::adamax: beta_2 is 1.500000; it must be in [0, 1]");
    BOOST_TEST(message(cn::adamax{.epsilon = -1.0f}).find("ctnet::adamax: epsilon is -1.000000") == 0u);
    BOOST_TEST(message(cn::adamax{.beta_2 = 1.0f}) == "(nothing thrown)");  // u = max(u, |g|): no decay
    BOOST_TEST(message(cn::nadam{.beta_1 = -0.1f}) == "ctnet::nadam: beta_1 is -0.100000; it must be in [0, 1)");
    BOOST_TEST(message(cn::nadam{.beta_2 = 1.0f}) == "ctnet::nadam: beta_2 is 1.000000; it must be in [0, 1)");
    BOOST_TEST(message(cn::nadam{.epsilon = inf}).find("ctnet::nadam: epsilon is inf") == 0u);
    BOOST_TEST(message(cn::nadam{.learning_rate = 0.0f}) == "(nothing thrown)");
}

BOOST_AUTO_TEST_CASE(predict_checks_its_input_size) {
    net model{cn::seed{1}};
    BOOST_TEST(refusal([&] { (void)model.predict(std::vector<float>(21, 0.0f)); }) ==
               "ctnet::sequential::predict: got 21 floats, not a multiple of the input size 20");
    BOOST_TEST(model.predict(std::vector<float>(40, 0.0f)).size() == 8u);
}
