// Three SGD-Nesterov steps of a small network under each loss besides the sparse one (categorical
// and binary cross-entropy, with and without from_logits, and mean squared error on linear,
// sigmoid and softmax outputs), from given weights, against Keras 3 itself
// (tests/reference/loss_training.json, written by tests/reference/generate_loss_training.py):
// the loss and accuracy of each step, every weight after each step, then evaluate() and predict().
#define BOOST_TEST_MODULE train_losses_against_keras
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "reference_json.hpp"

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loss_training_tolerances.hpp"

namespace cn = ctnet;
namespace tol = ctnet::test::loss_training;

namespace {

template <class Output, std::size_t Units = 3>
using small_net = cn::sequential<cn::input<5>, cn::dense<4, cn::relu>, cn::dense<Units, Output>>;

nlohmann::json load_case(const std::string& name) { return ctnet_test::load_reference_case("loss_training.json", name); }

using ctnet_test::values;

template <class Net>
std::size_t offset_of(const std::string& name) {
    constexpr const auto& p = Net::plan();
    if (name == "dense0/kernel") return p.stages[0].kernel;
    if (name == "dense0/bias") return p.stages[0].bias;
    if (name == "dense1/kernel") return p.stages[1].kernel;
    if (name == "dense1/bias") return p.stages[1].bias;
    BOOST_FAIL("unknown variable " + name);
    return 0;
}

// Keras resolves metrics=["accuracy"] by shape, ctnet by loss (docs/training.md, "Losses"): the
// two agree for categorical cross-entropy (categorical_accuracy) and for binary cross-entropy on a
// one-unit sigmoid output (binary_accuracy); Keras's binary_accuracy on from_logits outputs
// thresholds the logits at 0.5, ctnet at 0 (probability 0.5), so those are not compared.
bool comparable_accuracy(const nlohmann::json& c) {
    const auto metric = c["accuracy_metric"].get<std::string>();
    const auto loss = c["loss"].get<std::string>();
    return (loss == "categorical_crossentropy" && metric == "CategoricalAccuracy") ||
           (loss == "binary_crossentropy" && !c["from_logits"].get<bool>() && metric == "BinaryAccuracy");
}

template <class Net, class Loss>
void run_case(const std::string& name, Loss loss) {
    const auto c = load_case(name);
    BOOST_TEST_REQUIRE(c["units"].get<std::size_t>() == Net::output_size());
    Net model{cn::seed{1}};
    for (const auto& [var, tensor] : c["initial"].items()) {
        const auto v = values(tensor);
        std::copy(v.begin(), v.end(), model.parameters() + offset_of<Net>(var));
    }
    cn::dataset batch;
    batch.images = values(c["x"]);
    batch.targets = values(c["y"]);
    batch.sample_shape = {5};
    auto trainer = cn::compile(model, loss,
                               cn::sgd{.learning_rate = c["learning_rate"].get<float>(),
                                       .momentum = c["momentum"].get<float>(),
                                       .nesterov = c["nesterov"].get<bool>()});
    const bool accuracy = comparable_accuracy(c);
    const bool regression = c["loss"] == "mean_squared_error";
    for (const auto& step : c["steps"]) {
        const auto h = trainer.fit(batch, {.epochs = 1, .batch_size = 6, .shuffle = false, .verbose = 0});
        BOOST_TEST(h.loss[0] == step["loss"].get<double>(), name << " step " << step["step"] << " loss"
                                                                 << boost::test_tools::tolerance(tol::keras_loss));
        if (accuracy)
            BOOST_TEST(std::abs(h.accuracy[0] - step["accuracy"].get<double>()) <= tol::keras_accuracy,
                       name << " step " << step["step"] << " accuracy " << h.accuracy[0] << " vs Keras "
                            << step["accuracy"]);
        if (regression) BOOST_TEST(h.accuracy.empty(), name << ": MSE logs no accuracy (Keras's history has none)");
        for (const auto& [var, tensor] : step["weights"].items()) {
            const float* got = model.parameters() + offset_of<Net>(var);
            const auto want = values(tensor);
            for (std::size_t i = 0; i < want.size(); ++i)
                BOOST_TEST(std::abs(got[i] - want[i]) <= tol::keras_weights * (1.0 + std::abs(want[i])),
                           name << " step " << step["step"] << " " << var << "[" << i << "]: " << got[i]
                                << " vs Keras " << want[i]);
        }
    }
    const auto e = trainer.evaluate(batch);
    BOOST_TEST(e.loss == c["evaluate_loss"].get<double>(),
               name << " evaluate loss" << boost::test_tools::tolerance(tol::keras_loss));
    if (accuracy)
        BOOST_TEST(std::abs(e.accuracy - c["evaluate_accuracy"].get<double>()) <= tol::keras_accuracy,
                   name << " evaluate accuracy");
    if (regression) BOOST_TEST(std::isnan(e.accuracy));
    const auto predicted = model.predict(batch.images);
    const auto want = values(c["predict"]);
    BOOST_TEST_REQUIRE(predicted.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        BOOST_TEST(std::abs(predicted[i] - want[i]) <= tol::keras_predict, name << " predict[" << i << "]");
}

} // namespace

BOOST_AUTO_TEST_CASE(categorical_crossentropy_softmax) {
    run_case<small_net<cn::softmax>>("categorical_crossentropy_softmax", cn::categorical_crossentropy{});
}
BOOST_AUTO_TEST_CASE(categorical_crossentropy_from_logits) {
    run_case<small_net<cn::linear>>("categorical_crossentropy_from_logits",
                                    cn::categorical_crossentropy<cn::from_logits>{});
}
BOOST_AUTO_TEST_CASE(binary_crossentropy_sigmoid) {
    run_case<small_net<cn::sigmoid>>("binary_crossentropy_sigmoid", cn::binary_crossentropy{});
}
BOOST_AUTO_TEST_CASE(binary_crossentropy_sigmoid_one_unit) {
    run_case<small_net<cn::sigmoid, 1>>("binary_crossentropy_sigmoid_one_unit", cn::binary_crossentropy{});
}
BOOST_AUTO_TEST_CASE(binary_crossentropy_from_logits) {
    run_case<small_net<cn::linear>>("binary_crossentropy_from_logits", cn::binary_crossentropy<cn::from_logits>{});
}
BOOST_AUTO_TEST_CASE(mean_squared_error_linear) {
    run_case<small_net<cn::linear>>("mean_squared_error_linear", cn::mean_squared_error{});
}
BOOST_AUTO_TEST_CASE(mean_squared_error_sigmoid) {
    run_case<small_net<cn::sigmoid>>("mean_squared_error_sigmoid", cn::mean_squared_error{});
}
BOOST_AUTO_TEST_CASE(mean_squared_error_softmax) {
    run_case<small_net<cn::softmax>>("mean_squared_error_softmax", cn::mean_squared_error{});
}
