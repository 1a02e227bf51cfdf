// l1: the L1 weight penalty (sparse weights).
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Adds Factor * sum(|w|) over the kernel to the loss (Keras regularizers.l1, default 0.01).
template <real Factor = 0.01f>
struct l1 {
    static constexpr detail::regularizer_record regularizer{Factor.value, 0.0f};
};

} // namespace ctnet
