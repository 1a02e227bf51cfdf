// A training_control without a trainer, for driving callbacks the way
// tests/reference/generate_optimizers.py drove Keras's (tests/reference/README.md, "callbacks.json").
#pragma once

#include <ctnet/train/callback.hpp>

#include <cmath>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <stdexcept>
#include <vector>

namespace ctnet_test {

class fake_training_control final : public ctnet::training_control {
public:
    float lr = 0.1f;
    bool lr_is_schedule = false;  // set_learning_rate then throws, as the trainer does for a schedule
    bool stopped = false;
    std::vector<float> weights = std::vector<float>(3, 0.0f);
    std::size_t set_weights_calls = 0;

    void stop_training() override { stopped = true; }
    float learning_rate() const override { return lr; }
    void set_learning_rate(float v) override {
        if (lr_is_schedule) throw std::logic_error("the optimizer's learning_rate is a schedule");
        lr = v;
    }
    std::vector<float> get_weights() const override { return weights; }
    void set_weights(std::span<const float> w) override {
        weights.assign(w.begin(), w.end());
        ++set_weights_calls;
    }
    std::size_t iterations() const override { return 0; }
    mutable std::vector<std::filesystem::path> saved_weights, saved_checkpoints;  // in call order
    void save_weights(const std::filesystem::path& f) const override { saved_weights.push_back(f); }
    void save_checkpoint(const std::filesystem::path& f) const override { saved_checkpoints.push_back(f); }

    /// The generator's "weights set to the value e at epoch e".
    void set_all_weights(float v) { weights.assign(weights.size(), v); }
};

/// What one scripted run recorded, the fields of callbacks.json.
struct scripted_run {
    std::optional<std::size_t> stop_training_after_epoch;
    std::vector<float> learning_rate_after_epoch;
    std::vector<double> logged_learning_rate;
    std::vector<int> wait_after_epoch;
    std::vector<std::optional<double>> best_after_epoch;
    std::size_t epochs_run = 0;
    std::vector<float> weights_after_train_end;
};

/// generate_optimizers.py's drive(): on_train_begin; for epoch e, weights all set to e, then
/// on_epoch_end(e, {monitor: sequence[e]}) (NaN where the JSON has null); stop after the first
/// epoch that stops training; on_train_end. The callback is called through an any_callback
/// holding std::ref(cb), as fit would, and its state read from cb after each epoch.
template <class Callback>
scripted_run drive(Callback& cb, const std::string& monitor, const std::vector<std::optional<double>>& sequence,
                   fake_training_control& control) {
    ctnet::any_callback through_fit = std::ref(cb);
    control.stopped = false;
    scripted_run run;
    through_fit.on_train_begin(ctnet::logs{}, control);
    ctnet::logs last;
    for (std::size_t epoch = 0; epoch < sequence.size(); ++epoch) {
        control.set_all_weights(static_cast<float>(epoch));
        ctnet::logs l;
        l.set(monitor, sequence[epoch].value_or(std::numeric_limits<double>::quiet_NaN()));
        through_fit.on_epoch_end(epoch, l, control);
        run.learning_rate_after_epoch.push_back(control.lr);
        if (const auto logged = l["learning_rate"]) run.logged_learning_rate.push_back(*logged);
        run.wait_after_epoch.push_back(cb.wait);
        run.best_after_epoch.push_back(cb.best);
        last = l;
        if (control.stopped) {
            run.stop_training_after_epoch = epoch;
            break;
        }
    }
    through_fit.on_train_end(last, control);
    run.epochs_run = run.learning_rate_after_epoch.size();
    run.weights_after_train_end = control.weights;
    return run;
}

} // namespace ctnet_test
