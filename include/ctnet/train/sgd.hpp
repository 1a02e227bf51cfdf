// sgd: stochastic gradient descent with momentum and Nesterov, as Keras formulates them.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras's SGD: plain `w -= lr * g`; momentum `v = momentum * v - lr * g; w += v`; Nesterov
/// `v = momentum * v - lr * g; w += momentum * v - lr * g` (learning rate inside the velocity, as
/// Keras; PyTorch keeps it outside: the same for a constant rate, not under a schedule).
/// `decay` is the legacy power schedule lr_t = learning_rate / (1 + decay * t), t counted in
/// steps from 0 (Keras 2's `SGD(decay=...)`, which the chapter uses; Keras 3 ignores it).
/// compile checks the values (std::invalid_argument): a finite learning_rate >= 0, momentum in
/// [0, 1] (Keras's ValueError), a finite decay >= 0.
struct sgd {
    schedule learning_rate = 0.01f;  // a constant, or a schedule (train/schedules.hpp)
    float momentum = 0.0f;
    bool nesterov = false;
    float decay = 0.0f;
    // Keras's options of every optimizer, 0 meaning off (docs/training.md, "Options of every
    // optimizer"): decoupled weight decay w -= w * weight_decay * lr before each update; at most one
    // of the three clipping options.
    float weight_decay = 0.0f;
    float clipnorm = 0.0f;
    float clipvalue = 0.0f;
    float global_clipnorm = 0.0f;
};

namespace detail {

/// What compile checks of an sgd before it builds the trainer.
inline void check_optimizer(const sgd& o) {
    const hyperparameter_check check{"sgd"};
    o.learning_rate.check(check.optimizer);
    check.common_options(o);
    if (!(o.momentum >= 0.0f && o.momentum <= 1.0f)) check.fail("momentum", o.momentum, "in [0, 1] (as Keras requires)");
    if (!std::isfinite(o.decay) || o.decay < 0.0f) check.fail("decay", o.decay, "finite and >= 0");
}

} // namespace detail

} // namespace ctnet
