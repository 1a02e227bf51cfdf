// Three SGD-Nesterov steps of a small batch-norm network, from given weights, against Keras 3
// itself (tests/reference/sgd_nesterov.json, written by tests/reference/generate.py): the loss of
// each step, every weight and moving statistic after each step, and predict() after the last.
#define BOOST_TEST_MODULE train_against_keras
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "keras_variables.hpp"
#include "reference_json.hpp"

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cn = ctnet;

namespace {

// Keras computes in float32 with another summation order; three steps at learning rate 0.1
// amplify rounding differences of ~1e-7 into a few 1e-6 on weights of size ~1.
constexpr double tolerance = 2e-5;

template <cn::real L2>
using small_net = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::relu, cn::he_normal, cn::l2<L2>>,
                                 cn::batch_norm<>, cn::dense<3, cn::softmax>>;

nlohmann::json load_case(const std::string& name) { return ctnet_test::load_reference_case("sgd_nesterov.json", name); }

using ctnet_test::values;

template <class Net>
std::pair<bool, std::size_t> locate(const std::string& name) { return ctnet_test::locate_keras_variable<Net>(name); }

template <class Net>
void run_case(const std::string& name) {
    const auto c = load_case(name);
    Net model{cn::seed{1}};
    for (const auto& [var, tensor] : c["initial"].items()) {
        const auto [trainable, at] = locate<Net>(var);
        const auto v = values(tensor);
        std::copy(v.begin(), v.end(), (trainable ? model.parameters() : model.state()) + at);
    }
    cn::dataset batch;
    batch.images = values(c["x"]);
    for (float label : values(c["y"])) batch.labels.push_back(static_cast<std::int32_t>(label));
    batch.sample_shape = {4};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = c["learning_rate"].get<float>(),
                                       .momentum = c["momentum"].get<float>(),
                                       .nesterov = c["nesterov"].get<bool>(),
                                       .decay = c["decay"].get<float>()});
    for (const auto& step : c["steps"]) {
        const auto h = trainer.fit(batch, {.epochs = 1, .batch_size = 8, .shuffle = false, .verbose = 0});
        BOOST_TEST(h.loss[0] == step["loss"].get<double>(), boost::test_tools::tolerance(tolerance));
        for (const auto& [var, tensor] : step["weights"].items()) {
            const auto [trainable, at] = locate<Net>(var);
            const float* got = (trainable ? model.parameters() : model.state()) + at;
            const auto want = values(tensor);
            for (std::size_t i = 0; i < want.size(); ++i)
                BOOST_TEST(std::abs(got[i] - want[i]) <= tolerance * (1.0 + std::abs(want[i])),
                           name << " step " << step["step"] << " " << var << "[" << i << "]: " << got[i]
                                << " vs Keras " << want[i]);
        }
    }
    const auto predicted = model.predict(batch.images);
    const auto want = values(c["predict"]);
    BOOST_TEST_REQUIRE(predicted.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        BOOST_TEST(std::abs(predicted[i] - want[i]) <= tolerance, "predict[" << i << "]");
}

} // namespace

BOOST_AUTO_TEST_CASE(three_nesterov_steps) { run_case<small_net<0.0f>>("sgd_nesterov"); }
BOOST_AUTO_TEST_CASE(three_nesterov_steps_with_l2) { run_case<small_net<0.01f>>("sgd_nesterov_l2_0.01"); }
BOOST_AUTO_TEST_CASE(three_nesterov_steps_with_legacy_decay) { run_case<small_net<0.0f>>("sgd_nesterov_decay_0.1"); }
