// adagrad: Keras 3's Adagrad, with its defaults.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras 3's `Adagrad(learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7)`: the
/// accumulator starts at initial_accumulator_value and adds g^2 each step, and the update is
/// `w -= lr * g / sqrt(acc + epsilon)` (docs/training.md, "adagrad"; kernels/adagrad.hpp).
/// PyTorch's Adagrad starts the accumulator at 0, adds epsilon (1e-10) outside the square root
/// and defaults to lr 0.01. compile checks the values (std::invalid_argument): a finite
/// learning_rate >= 0, a finite initial_accumulator_value >= 0 (Keras: "non-negative"), a finite
/// epsilon >= 0, not both 0 (a gradient that stays 0 would divide 0 by 0).
struct adagrad {
    schedule learning_rate = 0.001f;  // a constant, or a schedule (train/schedules.hpp)
    float initial_accumulator_value = 0.1f;
    float epsilon = 1e-7f;
    // Keras's options of every optimizer, 0 meaning off (docs/training.md, "Options of every
    // optimizer"): decoupled weight decay w -= w * weight_decay * lr before each update; at most one
    // of the three clipping options.
    float weight_decay = 0.0f;
    float clipnorm = 0.0f;
    float clipvalue = 0.0f;
    float global_clipnorm = 0.0f;
};

namespace detail {

/// What compile checks of an adagrad before it builds the trainer.
inline void check_optimizer(const adagrad& o) {
    const hyperparameter_check check{"adagrad"};
    o.learning_rate.check(check.optimizer);
    check.common_options(o);
    if (!std::isfinite(o.initial_accumulator_value) || o.initial_accumulator_value < 0.0f)
        check.fail("initial_accumulator_value", o.initial_accumulator_value, "finite and >= 0");
    if (!std::isfinite(o.epsilon) || o.epsilon < 0.0f) check.fail("epsilon", o.epsilon, "finite and >= 0");
    if (o.epsilon == 0.0f && o.initial_accumulator_value == 0.0f)
        check.fail("epsilon", o.epsilon,
             "> 0 when initial_accumulator_value is 0 (0 divides 0 by 0 where a gradient stays 0)");
}

} // namespace detail

} // namespace ctnet
