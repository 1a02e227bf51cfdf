// he_normal: He (Kaiming) normal: truncated normal with post-truncation std sqrt(2 / fan_in).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// He (Kaiming) normal: truncated normal with post-truncation std sqrt(2 / fan_in).
/// Keras VarianceScaling(scale=2, mode="fan_in", distribution="truncated_normal"). Suits: the ReLU family, ELU, GELU, swish, mish.
struct he_normal {
    static constexpr detail::initializer_record initializer{detail::init_family::he, 2.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::truncated_normal, 0.0f, false, "he_normal"};
};

} // namespace ctnet
