// sparse_categorical_crossentropy: the loss for integer class labels (Keras's name and semantics).
#pragma once

namespace ctnet {

/// Pass as `sparse_categorical_crossentropy<from_logits>{}`: Keras's `from_logits=True`.
inline constexpr bool from_logits = true;

/// -log p[label], averaged over the batch.
/// - `sparse_categorical_crossentropy{}`: the network ends in `dense<classes, softmax>`;
/// - `sparse_categorical_crossentropy<from_logits>{}`: it ends in a linear `dense<classes>` whose
///   outputs are logits (predict then returns logits, as Keras's model does).
/// Training uses the fused softmax + cross-entropy backward either way,
/// dL/dz = (softmax(z) - onehot(label)) / batch, never a Jacobian. `compile` checks the fit.
template <bool FromLogits = false>
struct sparse_categorical_crossentropy {
    static constexpr bool logits = FromLogits;
};

} // namespace ctnet
