// ones: the all-one initializer.
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// All ones. As a kernel initializer it suits no activation; wrap it as `unchecked<ones>`.
struct ones {
    static constexpr detail::initializer_record initializer{detail::init_family::none, 0.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::constant, 1.0f, false, "ones"};
};

} // namespace ctnet
