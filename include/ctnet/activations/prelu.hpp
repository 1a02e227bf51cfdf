// prelu: parametric leaky ReLU: one learned slope per unit, initialised to 0 (Keras PReLU).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// parametric leaky ReLU: one learned slope per unit, initialised to 0 (Keras PReLU).
/// Usable as a dense option (`dense<N, prelu>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: He normal. See docs/layers.md#prelu.
struct prelu {
    static constexpr detail::activation_record activation{detail::activation_id::prelu};
};

} // namespace ctnet
