// rmsprop: Keras 3's RMSprop (with momentum and centered), with its defaults.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras 3's `RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False)`:
/// v is a moving average of g^2 (centered: minus the square of a moving average of g), and the
/// update is `w -= lr * g / sqrt(v + epsilon)`, or with momentum `s = momentum * s + lr * g /
/// sqrt(v + epsilon); w -= s` (docs/training.md, "rmsprop"; kernels/rmsprop.hpp). PyTorch's
/// RMSprop defaults to lr 0.01, alpha 0.99 and eps 1e-8 added outside the square root.
/// compile checks the values (std::invalid_argument): a finite learning_rate >= 0, rho in
/// [0, 1], momentum in [0, 1], a finite epsilon > 0.
struct rmsprop {
    schedule learning_rate = 0.001f;  // a constant, or a schedule (train/schedules.hpp)
    float rho = 0.9f;
    float momentum = 0.0f;
    float epsilon = 1e-7f;
    bool centered = false;
    // Keras's options of every optimizer, 0 meaning off (docs/training.md, "Options of every
    // optimizer"): decoupled weight decay w -= w * weight_decay * lr before each update; at most one
    // of the three clipping options.
    float weight_decay = 0.0f;
    float clipnorm = 0.0f;
    float clipvalue = 0.0f;
    float global_clipnorm = 0.0f;
};

namespace detail {

/// What compile checks of an rmsprop before it builds the trainer.
inline void check_optimizer(const rmsprop& o) {
    const hyperparameter_check check{"rmsprop"};
    o.learning_rate.check(check.optimizer);
    check.common_options(o);
    if (!(o.rho >= 0.0f && o.rho <= 1.0f)) check.fail("rho", o.rho, "in [0, 1]");
    if (!(o.momentum >= 0.0f && o.momentum <= 1.0f)) check.fail("momentum", o.momentum, "in [0, 1]");
    if (!std::isfinite(o.epsilon) || !(o.epsilon > 0.0f))
        check.fail("epsilon", o.epsilon, "finite and > 0 (0 divides 0 by 0 where a gradient stays 0)");
}

} // namespace detail

} // namespace ctnet
