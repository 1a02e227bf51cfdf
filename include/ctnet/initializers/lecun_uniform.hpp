// lecun_uniform: LeCun uniform: U(-L, L), L = sqrt(3 / fan_in).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// LeCun uniform: U(-L, L), L = sqrt(3 / fan_in).
/// Keras VarianceScaling(scale=1, mode="fan_in", distribution="uniform"). Suits: SELU (a self-normalizing network wants lecun_normal).
struct lecun_uniform {
    static constexpr detail::initializer_record initializer{detail::init_family::lecun, 1.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::uniform, 0.0f, false, "lecun_uniform"};
};

} // namespace ctnet
