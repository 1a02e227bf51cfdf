// tanh: the hyperbolic tangent activation.
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the hyperbolic tangent activation.
/// Usable as a dense option (`dense<N, tanh>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: Glorot uniform. See docs/layers.md#tanh.
struct tanh {
    static constexpr detail::activation_record activation{detail::activation_id::tanh};
};

} // namespace ctnet
