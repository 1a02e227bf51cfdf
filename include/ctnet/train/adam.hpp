// adam: Keras 3's Adam (and AMSGrad), with its defaults.
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

#include <ctnet/train/detail/hyperparameter_check.hpp>

namespace ctnet {

/// Keras 3's `Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False)`:
/// m and v are moving averages of g and g^2, and the update is
/// `w -= lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)` at step t = 1, 2, ...
/// (docs/training.md, "Optimizers"; the formulas are in kernels/adam.hpp). PyTorch's Adam adds
/// epsilon after the bias correction of v, and defaults to 1e-8: the same only once v is large.
/// compile checks the values (std::invalid_argument): a finite learning_rate >= 0, beta_1 and
/// beta_2 in [0, 1), a finite epsilon > 0.
struct adam {
    float learning_rate = 0.001f;
    float beta_1 = 0.9f;
    float beta_2 = 0.999f;
    float epsilon = 1e-7f;
    bool amsgrad = false;
};

namespace detail {

/// What compile checks of an adam before it builds the trainer.
inline void check_optimizer(const adam& o) {
    const hyperparameter_check check{"adam"};
    check.learning_rate(o.learning_rate);
    if (!(o.beta_1 >= 0.0f && o.beta_1 < 1.0f)) check.fail("beta_1", o.beta_1, "in [0, 1)");
    if (!(o.beta_2 >= 0.0f && o.beta_2 < 1.0f)) check.fail("beta_2", o.beta_2, "in [0, 1)");
    if (!std::isfinite(o.epsilon) || !(o.epsilon > 0.0f))
        check.fail("epsilon", o.epsilon, "finite and > 0 (0 divides 0 by 0 where a gradient stays 0)");
}

} // namespace detail

} // namespace ctnet
