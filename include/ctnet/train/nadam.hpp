// nadam: Keras 3's Nadam, with its defaults.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras 3's `Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`: Adam with
/// Nesterov momentum and the momentum schedule mu_t = beta_1 * (1 - 0.5 * 0.96^t); the update is
/// `w -= lr * m_hat / (sqrt(v / (1 - beta_2^t)) + epsilon)` at step t = 1, 2, ...
/// (docs/training.md, "nadam"; the formulas are in kernels/nadam.hpp). PyTorch's NAdam defaults
/// to lr 0.002, eps 1e-8 and momentum_decay 0.004 (Keras's 0.96 is its momentum_decay = 1.0 with
/// eps 1e-7). compile checks the values (std::invalid_argument): a finite learning_rate >= 0,
/// beta_1 and beta_2 in [0, 1), a finite epsilon > 0.
struct nadam {
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

/// What compile checks of a nadam before it builds the trainer.
inline void check_optimizer(const nadam& o) {
    const hyperparameter_check check{"nadam"};
    o.learning_rate.check(check.optimizer);
    check.common_options(o);
    if (!(o.beta_1 >= 0.0f && o.beta_1 < 1.0f)) check.fail("beta_1", o.beta_1, "in [0, 1)");
    if (!(o.beta_2 >= 0.0f && o.beta_2 < 1.0f)) check.fail("beta_2", o.beta_2, "in [0, 1)");
    if (!std::isfinite(o.epsilon) || !(o.epsilon > 0.0f))
        check.fail("epsilon", o.epsilon, "finite and > 0 (0 divides 0 by 0 where a gradient stays 0)");
}

} // namespace detail

} // namespace ctnet
