// Training with frozen<...> layers against Keras 3 with layer.trainable = False
// (tests/reference/frozen.json, written by tests/reference/generate_frozen.py): the parameter
// counts, the loss of each of 5 SGD-momentum steps and every variable after each step. A frozen
// batch norm runs on its moving statistics and keeps them; a frozen kernel's regularizer adds
// nothing; the gradient passes through frozen layers to the trainable ones below.
#define BOOST_TEST_MODULE train_frozen_against_keras
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "reference_json.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

namespace cn = ctnet;

namespace {

using frozen_mixed = cn::sequential<cn::input<6>, cn::frozen<cn::batch_norm<>>, cn::frozen<cn::dense<8, cn::relu, cn::l2<0.01f>>>,
                                    cn::batch_norm<>, cn::dense<5>, cn::frozen<cn::batch_norm<>>, cn::relu,
                                    cn::dense<3, cn::softmax>>;
using frozen_but_last = cn::sequential<cn::input<6>, cn::frozen<cn::dense<8, cn::relu>>, cn::frozen<cn::batch_norm<>>,
                                       cn::frozen<cn::dense<6, cn::prelu>>, cn::dense<3, cn::softmax>>;
using frozen_middle = cn::sequential<cn::input<6>, cn::dense<8, cn::relu>, cn::frozen<cn::dense<6, cn::tanh, cn::l2<0.01f>>>,
                                     cn::dense<3, cn::softmax>>;

// float32 on both sides, other summation orders: relative to max(|value|, 1), over 5 steps.
constexpr double tolerance = 2e-5;

template <class Net>
float* locate(Net& m, const std::string& name) {
    for (const auto& w : cn::weight_slots<Net>())
        if (w.name == name) return (w.trainable ? m.parameters() : m.state()) + w.offset;
    BOOST_FAIL("ctnet has no variable " + name);
    return nullptr;
}

bool close(double got, double want) { return std::abs(got - want) <= tolerance * std::max(std::abs(want), 1.0); }

template <class Net>
void run_case(const std::string& name) {
    const auto c = ctnet_test::load_reference_case("frozen.json", name);
    BOOST_TEST(cn::trainable_param_count<Net> == c["trainable_params"].get<std::size_t>());
    BOOST_TEST(cn::non_trainable_param_count<Net> == c["non_trainable_params"].get<std::size_t>());
    Net model{cn::seed{1}};
    std::size_t set = 0;
    for (const auto& [var, tensor] : c["initial"].items()) {
        const auto v = ctnet_test::values(tensor);
        std::copy(v.begin(), v.end(), locate(model, var));
        ++set;
    }
    BOOST_TEST(set == cn::weight_slots<Net>().size());
    const Net before = model;
    cn::dataset batch;
    batch.images = ctnet_test::values(c["x"]);
    for (float label : ctnet_test::values(c["y"])) batch.labels.push_back(static_cast<std::int32_t>(label));
    batch.sample_shape = {6};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = c["learning_rate"].get<float>(), .momentum = c["momentum"].get<float>()});
    const auto losses = c["losses"].get<std::vector<double>>();
    double largest = 0.0;
    for (std::size_t step = 1; step <= losses.size(); ++step) {
        const auto h = trainer.fit(batch, {.epochs = 1, .batch_size = 8, .shuffle = false, .verbose = 0});
        BOOST_TEST(close(h.loss[0], losses[step - 1]), name << " step " << step << " loss " << h.loss[0] << " vs Keras " << losses[step - 1]);
        for (const auto& [var, tensor] : c["steps"][step - 1]["weights"].items()) {
            const float* got = locate(model, var);
            const auto want = ctnet_test::values(tensor);
            for (std::size_t i = 0; i < want.size(); ++i) {
                largest = std::max(largest, std::abs(got[i] - want[i]) / std::max(std::abs(double(want[i])), 1.0));
                BOOST_TEST(close(got[i], want[i]), name << " step " << step << " " << var << "[" << i << "]: " << got[i]
                                                        << " vs Keras " << want[i]);
            }
        }
    }
    // Frozen variables are bitwise what they were (Keras's are too: the generator asserts it).
    const std::set<std::string> frozen = c["frozen_variables"].get<std::set<std::string>>();
    Net start = before;
    for (const auto& var : frozen) {
        const float* now = locate(model, var);
        const float* was = locate(start, var);
        for (const auto& w : cn::weight_slots<Net>())
            if (w.name == var) BOOST_TEST(std::equal(now, now + w.count, was), name << ": frozen " << var << " moved");
    }
    BOOST_TEST_MESSAGE(name << ": largest relative difference to Keras " << largest);
}

} // namespace

BOOST_AUTO_TEST_CASE(frozen_batch_norms_frozen_regularized_dense) { run_case<frozen_mixed>("frozen_mixed"); }
BOOST_AUTO_TEST_CASE(all_but_the_output_layer_frozen) { run_case<frozen_but_last>("frozen_but_last"); }
BOOST_AUTO_TEST_CASE(a_frozen_layer_between_trainable_ones) { run_case<frozen_middle>("frozen_middle"); }
