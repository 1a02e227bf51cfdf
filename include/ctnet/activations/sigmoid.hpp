// sigmoid: the logistic activation, f(z) = 1 / (1 + exp(-z)).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the logistic activation, f(z) = 1 / (1 + exp(-z)).
/// Usable as a dense option (`dense<N, sigmoid>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: Glorot uniform. See docs/layers.md#sigmoid.
struct sigmoid {
    static constexpr detail::activation_record activation{detail::activation_id::sigmoid};
};

} // namespace ctnet
