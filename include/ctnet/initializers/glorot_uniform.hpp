// glorot_uniform: Glorot (Xavier) uniform: U(-L, L), L = sqrt(6 / (fan_in + fan_out)).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// Glorot (Xavier) uniform: U(-L, L), L = sqrt(6 / (fan_in + fan_out)).
/// Keras VarianceScaling(scale=1, mode="fan_avg", distribution="uniform"). Suits: linear, sigmoid, tanh, softmax.
struct glorot_uniform {
    static constexpr detail::initializer_record initializer{detail::init_family::glorot, 1.0f, detail::fan_mode::fan_avg,
                                                            detail::distribution::uniform, 0.0f, false, "glorot_uniform"};
};

} // namespace ctnet
