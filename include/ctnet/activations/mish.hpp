// mish: mish, f(z) = z * tanh(softplus(z)).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// mish, f(z) = z * tanh(softplus(z)).
/// Usable as a dense option (`dense<N, mish>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: He normal. See docs/layers.md#mish.
struct mish {
    static constexpr detail::activation_record activation{detail::activation_id::mish};
};

} // namespace ctnet
