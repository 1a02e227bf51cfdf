// rrelu: the randomized leaky ReLU (slope drawn in training, fixed to the mean in inference).
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Randomized leaky ReLU. Training: each negative input gets a slope drawn uniformly in
/// [Lower, Upper), per element and training step, from the model's seed (keyed by stage, step,
/// row and unit; docs/layers.md#rrelu); inference: the slope (Lower + Upper) / 2. Keras has none;
/// the defaults are PyTorch's RReLU (1/8, 1/3). Requires 0 <= Lower <= Upper. Default
/// initializer: He normal.
template <real Lower = 0.125f, real Upper = 1.0f / 3.0f>
struct rrelu {
    static constexpr detail::activation_record activation{detail::activation_id::rrelu, 0.0f, Lower.value,
                                                          Upper.value};
};

} // namespace ctnet
