// linear: the identity activation, f(z) = z (a dense layer's default).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the identity activation, f(z) = z (a dense layer's default).
/// Usable as a dense option (`dense<N, linear>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: Glorot uniform. See docs/layers.md#linear.
struct linear {
    static constexpr detail::activation_record activation{detail::activation_id::linear};
};

} // namespace ctnet
