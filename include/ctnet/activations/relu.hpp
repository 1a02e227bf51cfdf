// relu: the rectified linear unit, f(z) = max(0, z).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the rectified linear unit, f(z) = max(0, z).
/// Usable as a dense option (`dense<N, relu>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: He normal. See docs/layers.md#relu.
struct relu {
    static constexpr detail::activation_record activation{detail::activation_id::relu};
};

} // namespace ctnet
