// l2: the L2 weight penalty.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Adds Factor * sum(w^2) over the kernel to the loss, no 1/2 (Keras regularizers.l2, default 0.01).
/// Fine with SGD and momentum; with Adam use AdamW's decoupled weight decay instead.
template <real Factor = 0.01f>
struct l2 {
    static constexpr detail::regularizer_record regularizer{0.0f, Factor.value};
};

} // namespace ctnet
