// early_stopping: stop fit when a monitored value has stopped improving (Keras 3's EarlyStopping).
#pragma once

#include <cmath>
#include <cstddef>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/detail/monitor.hpp>

namespace ctnet {

/// Keras 3.15's EarlyStopping, field for field (docs/callbacks.md states the rules with examples):
/// - at each epoch end from `start_from_epoch` on, `wait += 1`; then an improvement over `best`
///   (`current - min_delta < best`, or `current + min_delta > best` when maximising; the first
///   monitored value always improves, NaN never does) sets `best`, `best_epoch` and, unless a
///   `baseline` is set and not beaten, `wait = 0`, and ends the epoch's handling;
/// - otherwise, when `wait >= patience` and epoch > 0, training stops after this epoch:
///   `stopped_epoch` is this epoch (0-based; 0 also means "never stopped", as in Keras);
/// - `restore_best_weights`: the weights at the first monitored epoch and at each improvement are
///   kept and put back in on_train_end, also when training was not stopped early.
/// The baseline does not seed `best`. A NaN first value becomes `best` and nothing beats it.
/// A monitor missing from the logs is skipped with one warning on stderr per fit (Keras warns).
/// on_train_begin refuses (std::invalid_argument) a mode other than "auto", "min", "max" (Keras
/// warns and uses "auto"), a monitor "auto" cannot place (Keras's ValueError), a negative
/// patience or start_from_epoch and a non-finite min_delta. verbose 1 prints Keras's lines on
/// stdout ("Epoch 10: early stopping"). Pass it as `std::ref(es)` to read the state after fit.
struct early_stopping {
    std::string monitor = "val_loss";
    double min_delta = 0.0;  ///< absolute; its sign is ignored, as in Keras
    int patience = 0;
    int verbose = 0;
    std::string mode = "auto";
    std::optional<double> baseline{};
    bool restore_best_weights = false;
    int start_from_epoch = 0;

    // State, Keras's attributes (reset by on_train_begin; read them after fit).
    int wait = 0;
    std::size_t stopped_epoch = 0;
    std::size_t best_epoch = 0;
    std::optional<double> best{};               ///< Keras's None before the first monitored epoch
    std::optional<std::vector<float>> best_weights{};  ///< training_control::get_weights() at best_epoch
    bool warned_missing_monitor = false;

    void on_train_begin(const logs&, training_control&) {
        check();
        wait = 0;
        stopped_epoch = 0;
        best.reset();
        best_weights.reset();
        best_epoch = 0;
        warned_missing_monitor = false;
    }

    void on_epoch_end(std::size_t epoch, logs& l, training_control& t) {
        const bool maximize = detail::monitor_maximizes("early_stopping", monitor, mode);
        const std::optional<double> current = l[monitor];
        if (!current) {
            if (!warned_missing_monitor)
                detail::warn_missing_monitor("early_stopping", "Early stopping conditioned on metric `" + monitor + "`", l);
            warned_missing_monitor = true;
            return;
        }
        if (epoch < static_cast<std::size_t>(start_from_epoch)) return;
        if (restore_best_weights && !best_weights) {
            best_weights = t.get_weights();
            best_epoch = epoch;
        }
        ++wait;
        if (detail::is_improvement(*current, best, maximize, min_delta)) {
            best = *current;
            best_epoch = epoch;
            if (restore_best_weights) best_weights = t.get_weights();
            if (!baseline || detail::is_improvement(*current, baseline, maximize, min_delta)) wait = 0;
            return;
        }
        if (wait >= patience && epoch > 0) {
            stopped_epoch = epoch;
            t.stop_training();
        }
    }

    void on_train_end(const logs&, training_control& t) {
        if (stopped_epoch > 0 && verbose > 0) std::cout << "Epoch " << stopped_epoch + 1 << ": early stopping" << std::endl;
        if (restore_best_weights && best_weights) {
            if (verbose > 0)
                std::cout << "Restoring model weights from the end of the best epoch: " << best_epoch + 1 << '.' << std::endl;
            t.set_weights(*best_weights);
        }
    }

    /// What on_train_begin refuses (std::invalid_argument, messages `ctnet::early_stopping: ...`).
    void check() const {
        detail::monitor_maximizes("early_stopping", monitor, mode);
        detail::check_count("early_stopping", "patience", patience);
        detail::check_count("early_stopping", "start_from_epoch", start_from_epoch);
        detail::check_finite("early_stopping", "min_delta", min_delta);
    }
};

} // namespace ctnet
