// dropout: randomly zeroes inputs in training and scales the kept ones (inverted dropout).
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Dropout with probability Rate in [0, 1): in training each value is dropped with probability
/// Rate and kept values are scaled by 1 / (1 - Rate); identity in inference (Keras Dropout).
/// Fuses into a preceding dense stage. Not for SELU networks: use alpha_dropout.
template <real Rate>
struct dropout {
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r;
        r.kind = detail::layer_kind::dropout;
        r.rate = Rate.value;
        return r;
    }();
};

} // namespace ctnet
