// mean_squared_error: the regression loss (Keras's name and semantics).
#pragma once

namespace ctnet {

/// mean over the output units of (y - p)^2, averaged over the batch; the targets are rows of
/// `units` floats (`dataset::targets`). Any output layer fits (Keras allows it), usually a linear
/// `dense<units>`. There is no accuracy for regression: fit and evaluate report it as NaN.
struct mean_squared_error {
    static constexpr bool logits = false;
};

} // namespace ctnet
