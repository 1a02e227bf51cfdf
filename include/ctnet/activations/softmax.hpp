// softmax: softmax over the features of each sample; only valid on the last layer.
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// softmax over the features of each sample; only valid on the last layer.
/// Usable as a dense option (`dense<N, softmax>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: Glorot uniform. See docs/layers.md#softmax.
struct softmax {
    static constexpr detail::activation_record activation{detail::activation_id::softmax};
};

} // namespace ctnet
