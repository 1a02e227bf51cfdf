// zeros: the all-zero initializer (Keras's bias default; a kernel of zeros never breaks symmetry).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// All zeros. As a kernel initializer it suits no activation (every unit would stay identical);
/// wrap it as `unchecked<zeros>` if that is really meant.
struct zeros {
    static constexpr detail::initializer_record initializer{detail::init_family::none, 0.0f, detail::fan_mode::fan_in,
                                                            detail::distribution::constant, 0.0f, false, "zeros"};
};

} // namespace ctnet
