// glorot_normal: Glorot (Xavier) normal: truncated normal with post-truncation std sqrt(2 / (fan_in + fan_out)).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// Glorot (Xavier) normal: truncated normal with post-truncation std sqrt(2 / (fan_in + fan_out)).
/// Keras VarianceScaling(scale=1, mode="fan_avg", distribution="truncated_normal"). Suits: linear, sigmoid, tanh, softmax.
struct glorot_normal {
    static constexpr detail::initializer_record initializer{detail::init_family::glorot, 1.0f, detail::fan_mode::fan_avg,
                                                            detail::distribution::truncated_normal, 0.0f, false, "glorot_normal"};
};

} // namespace ctnet
