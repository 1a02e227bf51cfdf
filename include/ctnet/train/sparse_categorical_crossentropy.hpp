// sparse_categorical_crossentropy: the loss for integer class labels (Keras's name and semantics).
#pragma once

namespace ctnet {

/// -log p[label], averaged over the batch. The network must end in softmax: training then uses
/// the fused softmax + cross-entropy backward, dL/dz = (p - onehot(label)) / batch, never a
/// Jacobian. `compile` checks the fit statically.
struct sparse_categorical_crossentropy {
    static constexpr bool needs_softmax_output = true;
};

} // namespace ctnet
