// no_bias: the dense option that removes the bias vector (Keras use_bias=False).
#pragma once

namespace ctnet {

/// `dense<100, no_bias>`: the layer has no bias. A linear dense directly followed by batch_norm
/// drops its bias anyway (the normalization cancels it), so this is rarely needed.
struct no_bias {
    static constexpr bool removes_bias = true;
};

} // namespace ctnet
