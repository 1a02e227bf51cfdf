// Twenty steps of each optimizer ctnet has, on a small batch-norm network from given weights,
// against Keras 3 itself (tests/reference/optimizers.json, written by
// tests/reference/generate_optimizers.py): the loss of every step, every weight and moving statistic
// after steps 1, 2, 5, 10 and 20, and the optimizer's variables after step 20. Tolerances are the
// generator's, per step (the JSON's tolerance_by_step: float32 on both sides, other summation
// orders, growing with the steps).
#define BOOST_TEST_MODULE train_optimizers_against_keras
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "keras_variables.hpp"
#include "reference_json.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace cn = ctnet;

namespace {

// Keras: Input(6) -> BatchNormalization -> Dense(5, relu) -> BatchNormalization -> Dense(3, softmax).
template <class... Option>
using net = cn::sequential<cn::input<6>, cn::batch_norm<>, cn::dense<5, cn::relu, Option...>, cn::batch_norm<>,
                           cn::dense<3, cn::softmax, Option...>>;
using plain_net = net<>;
using l2_net = net<cn::l2<0.01f>>;
using max_norm_net = net<cn::max_norm<1.0f>>;

const nlohmann::json& all_cases() {
    static const nlohmann::json all = [] {
        std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/optimizers.json");
        BOOST_TEST_REQUIRE(in.good(), "cannot read optimizers.json");
        return nlohmann::json::parse(in);
    }();
    return all;
}

nlohmann::json load_case(const std::string& name) {
    // The scheduled trainings are in schedules.json, in the same format.
    const bool scheduled = name.find("_exponential_decay") != std::string::npos;
    return ctnet_test::load_reference_case(scheduled ? "schedules.json" : "optimizers.json", name);
}

// A Keras config's learning_rate: a float, or a serialized schedule (ExponentialDecay here).
cn::schedule rate_of(const nlohmann::json& k) {
    const auto& lr = k["learning_rate"];
    if (lr.is_number()) return lr.get<float>();
    BOOST_TEST_REQUIRE(lr["class_name"].get<std::string>() == "ExponentialDecay");
    const auto& c = lr["config"];
    return cn::exponential_decay{.initial_learning_rate = c["initial_learning_rate"].get<float>(),
                                 .decay_steps = c["decay_steps"].get<std::uint64_t>(),
                                 .decay_rate = c["decay_rate"].get<float>(), .staircase = c["staircase"].get<bool>()};
}

using ctnet_test::values;

template <class Net>
std::pair<bool, std::size_t> locate(const std::string& name) { return ctnet_test::locate_keras_variable<Net>(name); }

// The options every Keras optimizer has (null: off, ctnet's 0), set on o.
template <class Optimizer>
Optimizer with_common_options(Optimizer o, const nlohmann::json& k) {
    const auto value = [&](const char* name) { return k[name].is_null() ? 0.0f : k[name].get<float>(); };
    o.weight_decay = value("weight_decay");
    o.clipnorm = value("clipnorm");
    o.clipvalue = value("clipvalue");
    o.global_clipnorm = value("global_clipnorm");
    return o;
}

// The optimizer a case's Keras config describes.
cn::sgd sgd_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::sgd{.learning_rate = rate_of(k),
                                       .momentum = k["momentum"].get<float>(), .nesterov = k["nesterov"].get<bool>()},
                               k);
}
cn::adam adam_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::adam{.learning_rate = rate_of(k), .beta_1 = k["beta_1"].get<float>(),
                                        .beta_2 = k["beta_2"].get<float>(), .epsilon = k["epsilon"].get<float>(),
                                        .amsgrad = k["amsgrad"].get<bool>()},
                               k);
}
cn::adamw adamw_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    BOOST_TEST_REQUIRE(!k["weight_decay"].is_null());  // Keras's AdamW always has it
    return with_common_options(cn::adamw{.learning_rate = rate_of(k), .beta_1 = k["beta_1"].get<float>(),
                                         .beta_2 = k["beta_2"].get<float>(), .epsilon = k["epsilon"].get<float>(),
                                         .amsgrad = k["amsgrad"].get<bool>()},
                               k);
}
cn::adagrad adagrad_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::adagrad{.learning_rate = rate_of(k),
            .initial_accumulator_value = k["initial_accumulator_value"].get<float>(), .epsilon = k["epsilon"].get<float>()}, k);
}
cn::rmsprop rmsprop_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::rmsprop{.learning_rate = rate_of(k), .rho = k["rho"].get<float>(),
            .momentum = k["momentum"].get<float>(), .epsilon = k["epsilon"].get<float>(),
            .centered = k["centered"].get<bool>()}, k);
}
cn::adamax adamax_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::adamax{.learning_rate = rate_of(k), .beta_1 = k["beta_1"].get<float>(),
            .beta_2 = k["beta_2"].get<float>(), .epsilon = k["epsilon"].get<float>()}, k);
}
cn::nadam nadam_of(const nlohmann::json& c) {
    const auto& k = c["optimizer_config"];
    return with_common_options(cn::nadam{.learning_rate = rate_of(k), .beta_1 = k["beta_1"].get<float>(),
            .beta_2 = k["beta_2"].get<float>(), .epsilon = k["epsilon"].get<float>()}, k);
}

// Keras's name of each optimizer variable kind -> ctnet's state slot.
std::size_t slot_of(const std::string& optimizer, const std::string& kind) {
    if (optimizer == "SGD" && kind == "momentum") return 0;
    const bool adam = optimizer == "Adam" || optimizer == "AdamW";
    if (adam && kind == "momentum") return 0;
    if (adam && kind == "velocity") return 1;
    if (adam && kind == "velocity_hat") return 2;
    if (optimizer == "Adagrad" && kind == "accumulator") return 0;
    if (optimizer == "RMSprop" && kind == "velocity") return 0;
    if (optimizer == "RMSprop" && kind == "momentum") return 1;
    if (optimizer == "RMSprop" && kind == "average_gradient") return 2;
    if (optimizer == "Adamax" && kind == "momentum") return 0;
    if (optimizer == "Adamax" && kind == "norm") return 1;
    if (optimizer == "Nadam" && kind == "momentum") return 0;
    if (optimizer == "Nadam" && kind == "velocity") return 1;
    BOOST_FAIL("no slot for " + optimizer + " " + kind);
    return 0;
}

// The largest |got - want| / max(|want|, 1) of the running case (reported at its end, --log_level=message).
double largest_difference = 0.0;

bool close(double got, double want, double rtol) {
    largest_difference = std::max(largest_difference, std::abs(got - want) / std::max(std::abs(want), 1.0));
    return std::abs(got - want) <= rtol * std::max(std::abs(want), 1.0);
}

template <class Net, class Optimizer>
void run_case(const std::string& name, Optimizer (*optimizer_of)(const nlohmann::json&)) {
    const auto c = load_case(name);
    largest_difference = 0.0;
    Net model{cn::seed{1}};
    for (const auto& [var, tensor] : c["initial"].items()) {
        const auto [trainable, at] = locate<Net>(var);
        const auto v = values(tensor);
        std::copy(v.begin(), v.end(), (trainable ? model.parameters() : model.state()) + at);
    }
    cn::dataset batch;
    batch.images = values(c["x"]);
    for (float label : values(c["y"])) batch.labels.push_back(static_cast<std::int32_t>(label));
    batch.sample_shape = {6};
    // adam_l2_0.01 is L2 with Adam on purpose (Keras allows it): compile's warning is silenced.
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, optimizer_of(c),
                               cn::silence<cn::warnings::l2_with_adaptive_optimizer>{});
    const auto losses = c["losses"].get<std::vector<double>>();
    const double loss_tolerance = c["loss_tolerance"].get<double>();
    std::size_t next = 0;
    for (std::size_t step = 1; step <= losses.size(); ++step) {
        const auto h = trainer.fit(batch, {.epochs = 1, .batch_size = 8, .shuffle = false, .verbose = 0});
        BOOST_TEST(close(h.loss[0], losses[step - 1], loss_tolerance),
                   name << " step " << step << " loss " << h.loss[0] << " vs Keras " << losses[step - 1]);
        if (next < c["steps"].size() && c["steps"][next]["step"].get<std::size_t>() == step) {
            const auto& want_step = c["steps"][next++];
            const double rtol = c["tolerance_by_step"][std::to_string(step)].get<double>();
            for (const auto& [var, tensor] : want_step["weights"].items()) {
                const auto [trainable, at] = locate<Net>(var);
                const float* got = (trainable ? model.parameters() : model.state()) + at;
                const auto want = values(tensor);
                for (std::size_t i = 0; i < want.size(); ++i)
                    BOOST_TEST(close(got[i], want[i], rtol), name << " step " << step << " " << var << "[" << i
                                                                  << "]: " << got[i] << " vs Keras " << want[i]);
            }
        }
    }
    BOOST_TEST(next == c["steps"].size());
    BOOST_TEST(trainer.iterations() == c["iterations"].get<std::uint64_t>());
    const double rtol = c["tolerance_by_step"][std::to_string(losses.size())].get<double>();
    std::size_t checked = 0;
    for (const auto& v : c["optimizer_variables"]) {
        if (v["for"].is_null()) continue;  // iteration, learning_rate
        const auto [trainable, at] = locate<Net>(v["for"].get<std::string>());
        BOOST_TEST_REQUIRE(trainable);
        const auto state = trainer.optimizer_state(slot_of(c["optimizer"], v["kind"]));
        BOOST_TEST_REQUIRE(!state.empty());
        const auto want = values(v["value"]);
        for (std::size_t i = 0; i < want.size(); ++i)
            BOOST_TEST(close(state[at + i], want[i], rtol),
                       name << " " << v["name"].get<std::string>() << "[" << i << "]: " << state[at + i] << " vs Keras " << want[i]);
        ++checked;
    }
    if (checked == 0) BOOST_TEST(trainer.optimizer_state(0).empty());  // plain SGD keeps nothing, as Keras
    BOOST_TEST_MESSAGE(name << ": largest relative difference to Keras " << largest_difference);
}

// The cases of optimizers.json run here; the others wait for their optimizer or option (issue 10),
// and the list below says which, so that a case added to the file is either run or listed.
const std::set<std::string> pending = {};
const std::set<std::string> run_here = {
    "sgd", "sgd_momentum_0.9", "sgd_momentum_0.9_nesterov", "sgd_lr_0.1", "sgd_lr_0.1_momentum_0.9",
    "adam", "adam_amsgrad", "adam_lr_0.01_beta_2_0.9", "adam_amsgrad_lr_0.01_beta_2_0.9", "adam_l2_0.01",
    "adam_max_norm_1.0", "adam_epsilon_1e-3", "adagrad", "adagrad_lr_0.05_acc0_0", "adagrad_epsilon_1e-3_acc0_0",
    "rmsprop", "rmsprop_momentum_0.9", "rmsprop_centered", "rmsprop_epsilon_1e-3", "adamax", "adamax_lr_0.01",
    "nadam", "nadam_beta_1_0.95",
    "adam_clipnorm_0.1", "adam_clipvalue_0.01", "adam_global_clipnorm_0.1", "adam_weight_decay_0.01",
    "adamw", "adamw_wd_0.1_lr_0.01",
    "sgd_lr_0.1_clipnorm_0.1", "sgd_lr_0.1_global_clipnorm_0.1", "sgd_lr_0.1_clipvalue_0.01",
    "sgd_momentum_0.9_weight_decay_0.01"};
// schedules.json's trainings (the schedule cases themselves are tests/unit/schedules').
const std::set<std::string> scheduled_here = {"adam_exponential_decay", "adamw_exponential_decay",
                                              "sgd_momentum_0.9_exponential_decay"};

} // namespace

BOOST_AUTO_TEST_CASE(every_case_is_run_or_listed_as_pending) {
    for (const auto& c : all_cases()["cases"]) {
        const std::string name = c["name"];
        BOOST_TEST((run_here.count(name) + pending.count(name)) == 1u, name);
    }
}

BOOST_AUTO_TEST_CASE(sgd_plain) { run_case<plain_net>("sgd", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_momentum) { run_case<plain_net>("sgd_momentum_0.9", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_nesterov) { run_case<plain_net>("sgd_momentum_0.9_nesterov", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_large_rate) { run_case<plain_net>("sgd_lr_0.1", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_large_rate_momentum) { run_case<plain_net>("sgd_lr_0.1_momentum_0.9", sgd_of); }
BOOST_AUTO_TEST_CASE(adam_defaults) { run_case<plain_net>("adam", adam_of); }
BOOST_AUTO_TEST_CASE(adam_amsgrad) { run_case<plain_net>("adam_amsgrad", adam_of); }
BOOST_AUTO_TEST_CASE(adam_fast) { run_case<plain_net>("adam_lr_0.01_beta_2_0.9", adam_of); }
BOOST_AUTO_TEST_CASE(adam_amsgrad_fast) { run_case<plain_net>("adam_amsgrad_lr_0.01_beta_2_0.9", adam_of); }
BOOST_AUTO_TEST_CASE(adam_with_l2) { run_case<l2_net>("adam_l2_0.01", adam_of); }
BOOST_AUTO_TEST_CASE(adam_with_max_norm) { run_case<max_norm_net>("adam_max_norm_1.0", adam_of); }
// A large epsilon, where Keras's placement (added to sqrt(v), after the bias correction) and
// PyTorch's (added to sqrt(v / (1 - beta_2^t))) give visibly different steps.
BOOST_AUTO_TEST_CASE(adam_large_epsilon) { run_case<plain_net>("adam_epsilon_1e-3", adam_of); }
BOOST_AUTO_TEST_CASE(adagrad_defaults) { run_case<plain_net>("adagrad", adagrad_of); }  // accumulator from 0.1
BOOST_AUTO_TEST_CASE(adagrad_fast_from_zero) { run_case<plain_net>("adagrad_lr_0.05_acc0_0", adagrad_of); }
// From a zero accumulator with a large epsilon: epsilon inside the square root (Keras 3) or outside
// it (PyTorch, legacy Keras 2) gives visibly different steps.
BOOST_AUTO_TEST_CASE(adagrad_large_epsilon) { run_case<plain_net>("adagrad_epsilon_1e-3_acc0_0", adagrad_of); }
BOOST_AUTO_TEST_CASE(rmsprop_defaults) { run_case<plain_net>("rmsprop", rmsprop_of); }
BOOST_AUTO_TEST_CASE(rmsprop_momentum) { run_case<plain_net>("rmsprop_momentum_0.9", rmsprop_of); }
BOOST_AUTO_TEST_CASE(rmsprop_centered) { run_case<plain_net>("rmsprop_centered", rmsprop_of); }
// epsilon inside the square root (Keras 3) or outside it (PyTorch) differs visibly at 1e-3.
BOOST_AUTO_TEST_CASE(rmsprop_large_epsilon) { run_case<plain_net>("rmsprop_epsilon_1e-3", rmsprop_of); }
BOOST_AUTO_TEST_CASE(adamax_defaults) { run_case<plain_net>("adamax", adamax_of); }
BOOST_AUTO_TEST_CASE(adamax_fast) { run_case<plain_net>("adamax_lr_0.01", adamax_of); }
BOOST_AUTO_TEST_CASE(nadam_defaults) { run_case<plain_net>("nadam", nadam_of); }
BOOST_AUTO_TEST_CASE(nadam_beta_1) { run_case<plain_net>("nadam_beta_1_0.95", nadam_of); }

// The options of every optimizer: clipping (each kind, under Adam, where it barely shows, and under
// SGD at lr 0.1, where it shows clearly), decoupled weight decay, and AdamW.
BOOST_AUTO_TEST_CASE(adam_clipnorm) { run_case<plain_net>("adam_clipnorm_0.1", adam_of); }
BOOST_AUTO_TEST_CASE(adam_clipvalue) { run_case<plain_net>("adam_clipvalue_0.01", adam_of); }
BOOST_AUTO_TEST_CASE(adam_global_clipnorm) { run_case<plain_net>("adam_global_clipnorm_0.1", adam_of); }
BOOST_AUTO_TEST_CASE(sgd_clipnorm) { run_case<plain_net>("sgd_lr_0.1_clipnorm_0.1", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_global_clipnorm) { run_case<plain_net>("sgd_lr_0.1_global_clipnorm_0.1", sgd_of); }
BOOST_AUTO_TEST_CASE(sgd_clipvalue) { run_case<plain_net>("sgd_lr_0.1_clipvalue_0.01", sgd_of); }
BOOST_AUTO_TEST_CASE(adam_weight_decay) { run_case<plain_net>("adam_weight_decay_0.01", adam_of); }
BOOST_AUTO_TEST_CASE(sgd_momentum_weight_decay) { run_case<plain_net>("sgd_momentum_0.9_weight_decay_0.01", sgd_of); }
BOOST_AUTO_TEST_CASE(adamw_defaults) { run_case<plain_net>("adamw", adamw_of); }
BOOST_AUTO_TEST_CASE(adamw_strong) { run_case<plain_net>("adamw_wd_0.1_lr_0.01", adamw_of); }

// A schedule evaluated per step at the 0-based iteration, as Keras does; weight decay uses the
// scheduled rate; SGD's momentum keeps the rate inside the velocity (visible only when it changes).
BOOST_AUTO_TEST_CASE(adam_exponential_decay) { run_case<plain_net>("adam_exponential_decay", adam_of); }
BOOST_AUTO_TEST_CASE(adamw_exponential_decay) { run_case<plain_net>("adamw_exponential_decay", adamw_of); }
BOOST_AUTO_TEST_CASE(sgd_momentum_exponential_decay) { run_case<plain_net>("sgd_momentum_0.9_exponential_decay", sgd_of); }

BOOST_AUTO_TEST_CASE(every_scheduled_training_is_run) {
    std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/schedules.json");
    BOOST_TEST_REQUIRE(in.good());
    const nlohmann::json all = nlohmann::json::parse(in);
    std::size_t trainings = 0;
    for (const auto& c : all["cases"])
        if (c.contains("losses")) {
            ++trainings;
            BOOST_TEST(scheduled_here.count(c["name"].get<std::string>()) == 1u, c["name"].get<std::string>());
        }
    BOOST_TEST(trainings == scheduled_here.size());
}
