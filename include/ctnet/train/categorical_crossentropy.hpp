// categorical_crossentropy: the loss for one-hot or soft class targets (Keras's name and semantics).
#pragma once

#include <ctnet/train/sparse_categorical_crossentropy.hpp>

namespace ctnet {

/// -sum_k y_k log p_k, averaged over the batch; the targets are rows of `classes` floats
/// (`dataset::targets`), one-hot or soft (each row summing to 1).
/// - `categorical_crossentropy{}`: the network ends in `dense<classes, softmax>`;
/// - `categorical_crossentropy<from_logits>{}`: it ends in a linear `dense<classes>` (logits).
/// Training uses the fused softmax + cross-entropy backward either way, dL/dz = (p - y) / batch.
/// The accuracy is Keras's categorical_accuracy: argmax(p) == argmax(y). `compile` checks the fit.
template <bool FromLogits = false>
struct categorical_crossentropy {
    static constexpr bool logits = FromLogits;
};

} // namespace ctnet
