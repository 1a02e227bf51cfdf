// learning_rate_scheduler: set the learning rate at the start of each epoch from a user's
// function of the epoch and the current rate (Keras 3's LearningRateScheduler).
#pragma once

#include <cmath>
#include <cstddef>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/detail/monitor.hpp>

namespace ctnet {

/// Keras's LearningRateScheduler(schedule, verbose): on_epoch_begin(epoch) calls
/// `schedule(epoch, lr)` with the 0-based epoch and the rate the next step would use (the float32
/// rate widened to double, as Keras passes `float(optimizer.learning_rate)`), and sets the
/// result, rounded to float32, as the rate from that epoch's first step on. on_epoch_end writes
/// `logs["learning_rate"]`, the rate then in use (Keras 3 does; History records it).
/// Keras only checks that the result is a float; ctnet refuses (std::invalid_argument) a result
/// that is not finite or is negative, or that overflows float32, naming the epoch, and an empty
/// schedule. An optimizer whose rate is already a schedule cannot take a set rate:
/// std::logic_error (Keras's TypeError). verbose 1 prints Keras's line on stdout.
/// Keras's older one-argument form `schedule(epoch)` is not taken: write `(std::size_t epoch, double)`.
struct learning_rate_scheduler {
    std::function<double(std::size_t epoch, double learning_rate)> schedule;
    int verbose = 0;

    void on_train_begin(const logs&, training_control&) const { check(); }

    void on_epoch_begin(std::size_t epoch, training_control& t) const {
        check();
        const double lr = schedule(epoch, static_cast<double>(t.learning_rate()));
        if (!std::isfinite(lr) || lr < 0.0 || !std::isfinite(static_cast<float>(lr)))
            throw std::invalid_argument("ctnet::learning_rate_scheduler: the schedule returned " + detail::python_repr(lr) +
                                        " for epoch " + std::to_string(epoch) +
                                        "; a learning rate must be finite, >= 0 and within float's range");
        try {
            t.set_learning_rate(static_cast<float>(lr));
        } catch (const std::logic_error& e) {
            throw std::logic_error(std::string("ctnet::learning_rate_scheduler: cannot set the learning rate (") + e.what() +
                                   ")");
        }
        if (verbose > 0)
            std::cout << "\nEpoch " << epoch + 1 << ": LearningRateScheduler setting learning rate to "
                      << detail::python_repr(lr) << '.' << std::endl;
    }

    void on_epoch_end(std::size_t, logs& l, training_control& t) const {
        l.set("learning_rate", static_cast<double>(t.learning_rate()));
    }

    /// What on_train_begin refuses: no schedule.
    void check() const {
        if (!schedule)
            throw std::invalid_argument("ctnet::learning_rate_scheduler: schedule is empty; it must be a function "
                                        "(std::size_t epoch, double learning_rate) -> double");
    }
};

} // namespace ctnet
