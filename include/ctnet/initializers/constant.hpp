// constant: an initializer filling every weight with one value.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Every weight = V. As a kernel initializer it suits no activation; wrap it as `unchecked<constant<V>>`.
template <real V>
struct constant {
    static constexpr detail::initializer_record initializer{detail::init_family::none, 0.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::constant, V.value, false,
                                                            "constant"};
};

} // namespace ctnet
