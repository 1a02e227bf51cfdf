// swish: swish (SiLU), f(z) = z * sigmoid(z).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// swish (SiLU), f(z) = z * sigmoid(z).
/// Usable as a dense option (`dense<N, swish>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: He normal. See docs/layers.md#swish.
struct swish {
    static constexpr detail::activation_record activation{detail::activation_id::swish};
};

} // namespace ctnet
