// selu: the scaled ELU of Klambauer et al.; self-normalizing with LeCun normal weights.
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// the scaled ELU of Klambauer et al.; self-normalizing with LeCun normal weights.
/// Usable as a dense option (`dense<N, selu>`) or as a layer of its own after a dense.
/// Default initializer of a dense using it: LeCun normal. See docs/layers.md#selu.
struct selu {
    static constexpr detail::activation_record activation{detail::activation_id::selu};
};

} // namespace ctnet
