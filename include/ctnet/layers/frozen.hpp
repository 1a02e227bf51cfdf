// frozen: a layer whose weights training leaves as they are (Keras's `layer.trainable = False`).
#pragma once

#include <ctnet/concepts/layer_type.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// `frozen<dense<300, relu>>`, `frozen<batch_norm<>>`: Layer as declared, with its weights fixed.
/// Its parameters count as non-trainable (`trainable_param_count`, `summary`); fit computes no
/// gradient for them, no input gradient below the lowest layer that trains, adds no penalty of a
/// frozen kernel's regularizer and applies no constraint to it; a frozen batch_norm normalizes with
/// its moving statistics in training too and never updates them, as a Keras 3 BatchNormalization
/// with trainable = False. The memory layout is the one of Layer, so a model converts to the type
/// with the same layers frozen or not (sequential's converting constructor) keeping its weights.
/// A layer without weights (an activation, dropout) is the same frozen or not. See
/// docs/layers.md#frozen.
template <class Layer>
struct frozen {
    using wrapped = Layer;
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r = detail::record_of<Layer>();
        r.frozen = true;
        return r;
    }();
};

namespace detail {

/// The layer type without its frozen<...> wrappers.
template <class Layer>
struct unfrozen {
    using type = Layer;
};
template <class Layer>
struct unfrozen<frozen<Layer>> : unfrozen<Layer> {};

} // namespace detail

/// Layer without frozen<...>: `unfrozen_t<frozen<dense<10>>>` is `dense<10>`.
template <class Layer>
using unfrozen_t = typename detail::unfrozen<Layer>::type;

} // namespace ctnet
