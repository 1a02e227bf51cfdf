// adamax: Keras 3's Adamax, with its defaults.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras 3's `Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`: m is a moving
/// average of g, u = max(beta_2 * u, |g|) an exponentially weighted infinity norm, and the update
/// is `w -= lr * m / ((1 - beta_1^t) * (u + epsilon))` at step t = 1, 2, ... (docs/training.md,
/// "adamax"; kernels/adamax.hpp). PyTorch's Adamax puts eps inside the max and defaults to lr
/// 0.002, eps 1e-8. compile checks the values (std::invalid_argument): a finite learning_rate
/// >= 0, beta_1 in [0, 1), beta_2 in [0, 1], a finite epsilon > 0.
struct adamax {
    schedule learning_rate = 0.001f;  // a constant, or a schedule (train/schedules.hpp)
    float beta_1 = 0.9f;
    float beta_2 = 0.999f;
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

/// What compile checks of an adamax before it builds the trainer.
inline void check_optimizer(const adamax& o) {
    const hyperparameter_check check{"adamax"};
    o.learning_rate.check(check.optimizer);
    check.common_options(o);
    if (!(o.beta_1 >= 0.0f && o.beta_1 < 1.0f)) check.fail("beta_1", o.beta_1, "in [0, 1)");
    if (!(o.beta_2 >= 0.0f && o.beta_2 <= 1.0f)) check.fail("beta_2", o.beta_2, "in [0, 1]");
    if (!std::isfinite(o.epsilon) || !(o.epsilon > 0.0f))
        check.fail("epsilon", o.epsilon, "finite and > 0 (0 divides 0 by 0 where a gradient stays 0)");
}

} // namespace detail

} // namespace ctnet
