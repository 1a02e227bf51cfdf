// batch_norm: batch normalization over the features of a flat input (Keras BatchNormalization).
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Batch normalization with Keras's defaults: Momentum 0.99 (keep 99% of the old moving value;
/// PyTorch's equivalent is 0.01) and Epsilon 1e-3. Owns gamma and beta (trainable) and
/// moving_mean and moving_variance (not trainable): 4 values per feature, as Keras counts.
/// Requires a flat input, 0 <= Momentum <= 1 and Epsilon > 0. Fuses into a preceding dense stage.
template <real Momentum = 0.99f, real Epsilon = 1e-3f>
struct batch_norm {
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r;
        r.kind = detail::layer_kind::batch_norm;
        r.momentum = Momentum.value;
        r.epsilon = Epsilon.value;
        return r;
    }();
};

} // namespace ctnet
