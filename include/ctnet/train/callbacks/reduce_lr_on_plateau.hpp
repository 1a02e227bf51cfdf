// reduce_lr_on_plateau: lower the learning rate when a monitored value has stopped improving
// (Keras 3's ReduceLROnPlateau).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/detail/monitor.hpp>

namespace ctnet {

/// Keras 3.15's ReduceLROnPlateau, field for field (docs/callbacks.md states the rules with
/// examples). At each epoch end it first writes `logs["learning_rate"]` (the rate before any
/// reduction this epoch), then, when the monitor is present:
/// - in cooldown (`cooldown_counter > 0`): `cooldown_counter -= 1; wait = 0`;
/// - an improvement (`current < best - min_delta`, or `current > best + min_delta` when
///   maximising; the first value always improves, NaN never does) sets `best` and `wait = 0`;
/// - otherwise, out of cooldown, `wait += 1`, and when `wait >= patience` the rate becomes
///   `max(lr * factor, min_lr)` (computed in double from the float32 rate, stored as float32)
///   if `lr > float32(min_lr)`; after a reduction `cooldown_counter = cooldown` and `wait = 0`.
///   At the floor nothing changes and `wait` keeps counting.
/// So `cooldown = c` makes c - 1 epochs after a reduction not count (cooldown 1 does nothing).
/// A missing monitor is skipped with one warning on stderr per fit (Keras warns).
/// on_train_begin refuses (std::invalid_argument) a factor that is not < 1 (Keras's ValueError),
/// a mode other than "auto", "min", "max", a monitor "auto" cannot place, a negative patience or
/// cooldown, a non-finite min_delta or min_lr. Reducing the rate of an optimizer whose rate is a
/// schedule throws std::logic_error (Keras's TypeError). verbose 1 prints Keras's line on stdout.
struct reduce_lr_on_plateau {
    std::string monitor = "val_loss";
    double factor = 0.1;
    int patience = 10;
    int verbose = 0;
    std::string mode = "auto";
    double min_delta = 1e-4;  ///< absolute; its sign is ignored, as in Keras
    int cooldown = 0;
    double min_lr = 0.0;

    // State, Keras's attributes (reset by on_train_begin; read them after fit).
    int wait = 0;
    int cooldown_counter = 0;
    std::optional<double> best{};  ///< Keras's None before the first monitored epoch
    bool warned_missing_monitor = false;

    void on_train_begin(const logs&, training_control&) {
        check();
        best.reset();
        cooldown_counter = 0;
        wait = 0;
        warned_missing_monitor = false;
    }

    void on_epoch_end(std::size_t epoch, logs& l, training_control& t) {
        const bool maximize = detail::monitor_maximizes("reduce_lr_on_plateau", monitor, mode);
        l.set("learning_rate", static_cast<double>(t.learning_rate()));
        const std::optional<double> current = l[monitor];
        if (!current) {
            if (!warned_missing_monitor)
                detail::warn_missing_monitor("reduce_lr_on_plateau",
                                             "Learning rate reduction is conditioned on metric `" + monitor + "`", l, ".");
            warned_missing_monitor = true;
            return;
        }
        if (in_cooldown()) {
            --cooldown_counter;
            wait = 0;
        }
        if (detail::is_improvement(*current, best, maximize, min_delta)) {
            best = *current;
            wait = 0;
        } else if (!in_cooldown()) {
            ++wait;
            if (wait >= patience && reduce(epoch, t)) {
                cooldown_counter = cooldown;
                wait = 0;
            }
        }
    }

    bool in_cooldown() const noexcept { return cooldown_counter > 0; }

    /// What on_train_begin refuses (std::invalid_argument, messages `ctnet::reduce_lr_on_plateau: ...`).
    void check() const {
        if (!(factor < 1.0))
            detail::callback_field_error("reduce_lr_on_plateau", "factor", detail::python_repr(factor),
                                         "< 1 (Keras: \"ReduceLROnPlateau does not support a factor >= 1.0\")");
        detail::monitor_maximizes("reduce_lr_on_plateau", monitor, mode);
        detail::check_count("reduce_lr_on_plateau", "patience", patience);
        detail::check_count("reduce_lr_on_plateau", "cooldown", cooldown);
        detail::check_finite("reduce_lr_on_plateau", "min_delta", min_delta);
        detail::check_finite("reduce_lr_on_plateau", "min_lr", min_lr);
    }

private:
    bool reduce(std::size_t epoch, training_control& t) const {
        const float old_lr = t.learning_rate();
        if (!(old_lr > static_cast<float>(min_lr))) return false;
        const double new_lr = std::max(static_cast<double>(old_lr) * factor, min_lr);
        try {
            t.set_learning_rate(static_cast<float>(new_lr));
        } catch (const std::logic_error& e) {
            throw std::logic_error(std::string("ctnet::reduce_lr_on_plateau: cannot set the learning rate (") + e.what() +
                                   ")");
        }
        if (verbose > 0)
            std::cout << "\nEpoch " << epoch + 1 << ": ReduceLROnPlateau reducing learning rate to "
                      << detail::python_repr(new_lr) << '.' << std::endl;
        return true;
    }
};

} // namespace ctnet
