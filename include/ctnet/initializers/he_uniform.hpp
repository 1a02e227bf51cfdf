// he_uniform: He (Kaiming) uniform: U(-L, L), L = sqrt(6 / fan_in).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// He (Kaiming) uniform: U(-L, L), L = sqrt(6 / fan_in).
/// Keras VarianceScaling(scale=2, mode="fan_in", distribution="uniform"). Suits: the ReLU family, ELU, GELU, swish, mish.
struct he_uniform {
    static constexpr detail::initializer_record initializer{detail::init_family::he, 2.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::uniform, 0.0f, false, "he_uniform"};
};

} // namespace ctnet
