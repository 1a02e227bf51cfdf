// adamw: Keras 3's AdamW, Adam with decoupled weight decay on by default.
#pragma once

#include <ctnet/train/adam.hpp>
#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedule.hpp>

namespace ctnet {

/// Keras 3's `AdamW(learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999,
/// epsilon=1e-7, amsgrad=False)`: adam's update (train/adam.hpp) preceded, every step, by
/// `w -= w * weight_decay * lr` on every trainable variable (batch norm's gamma and beta and the
/// biases too, as Keras does), lr the step's learning rate. Loshchilov and Hutter's "Decoupled
/// Weight Decay Regularization": unlike an L2 penalty, the decay is not divided by Adam's sqrt(v).
/// PyTorch's AdamW defaults to weight_decay 0.01 and epsilon 1e-8.
/// compile checks the values as adam's, and weight_decay finite and >= 0.
struct adamw {
    schedule learning_rate = 0.001f;  // a constant, or a schedule (train/schedules.hpp)
    float beta_1 = 0.9f;
    float beta_2 = 0.999f;
    float epsilon = 1e-7f;
    bool amsgrad = false;
    // As every optimizer's (docs/training.md, "Options of every optimizer"), but weight decay on.
    float weight_decay = 0.004f;
    float clipnorm = 0.0f;
    float clipvalue = 0.0f;
    float global_clipnorm = 0.0f;

    /// The adam that does the update (the decay is the trainer's, as for every optimizer).
    adam as_adam() const noexcept {
        return {.learning_rate = learning_rate, .beta_1 = beta_1, .beta_2 = beta_2, .epsilon = epsilon,
                .amsgrad = amsgrad, .weight_decay = weight_decay, .clipnorm = clipnorm, .clipvalue = clipvalue,
                .global_clipnorm = global_clipnorm};
    }
};

namespace detail {

/// What compile checks of an adamw: adam's checks, named adamw.
inline void check_optimizer(const adamw& o) {
    check_adam_values(hyperparameter_check{"adamw"}, o.as_adam());
}

} // namespace detail

} // namespace ctnet
