// lecun_normal: LeCun normal: truncated normal with post-truncation std sqrt(1 / fan_in).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// LeCun normal: truncated normal with post-truncation std sqrt(1 / fan_in).
/// Keras VarianceScaling(scale=1, mode="fan_in", distribution="truncated_normal"). Suits: SELU.
struct lecun_normal {
    static constexpr detail::initializer_record initializer{detail::init_family::lecun, 1.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::truncated_normal, 0.0f, false, "lecun_normal"};
};

} // namespace ctnet
