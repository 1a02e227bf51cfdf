// alpha_dropout: dropout that keeps the mean and variance of SELU activations.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Alpha dropout (Keras AlphaDropout) with Rate in [0, 1): dropped values are set to SELU's
/// saturation value and an affine correction keeps mean and variance. The dropout for SELU networks.
template <real Rate>
struct alpha_dropout {
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r;
        r.kind = detail::layer_kind::alpha_dropout;
        r.rate = Rate.value;
        return r;
    }();
};

} // namespace ctnet
