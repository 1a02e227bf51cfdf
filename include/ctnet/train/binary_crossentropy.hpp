// binary_crossentropy: the loss for independent yes/no outputs (Keras's name and semantics).
#pragma once

#include <ctnet/train/sparse_categorical_crossentropy.hpp>

namespace ctnet {

/// -[y log p + (1 - y) log(1 - p)], averaged over the output units of a sample, then over the
/// batch; the targets are rows of `units` floats in [0, 1] (`dataset::targets`).
/// - `binary_crossentropy{}`: the network ends in `dense<units, sigmoid>`; p is clipped to
///   [1e-7, 1 - 1e-7] as Keras does on its JAX, PyTorch and NumPy backends;
/// - `binary_crossentropy<from_logits>{}`: it ends in a linear `dense<units>` (logits, the stable
///   softplus form, no clipping).
/// The accuracy is Keras's binary_accuracy: the fraction of outputs with (p > 0.5) == y.
/// `compile` checks the fit.
template <bool FromLogits = false>
struct binary_crossentropy {
    static constexpr bool logits = FromLogits;
};

} // namespace ctnet
