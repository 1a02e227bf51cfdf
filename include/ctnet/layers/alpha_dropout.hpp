// alpha_dropout: dropout that keeps the mean and variance of SELU activations.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Alpha dropout (Keras AlphaDropout) with Rate in [0, 1): in training, dropped values are set to
/// SELU's saturation value and an affine correction keeps mean and variance (kernels::alpha_dropout;
/// the mask comes from the model's seed, keyed by stage, step, row and unit); in inference, the
/// identity. The dropout for SELU networks. No noise_shape or per-layer seed (docs/layers.md#alpha_dropout).
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
