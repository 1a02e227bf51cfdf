// gelu: the Gaussian error linear unit, exact erf form (Keras's default, approximate=False).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the Gaussian error linear unit, exact erf form (Keras's default, approximate=False).
/// Usable as a dense option (`dense<N, gelu>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: He normal. See docs/layers.md#gelu.
struct gelu {
    static constexpr detail::activation_record activation{detail::activation_id::gelu};
};

} // namespace ctnet
