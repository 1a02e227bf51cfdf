// l1_l2: the L1 and L2 penalties together.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Adds L1 * sum(|w|) + L2 * sum(w^2). Keras 3 defaults both to 0 (Keras 2 used 0.01 each).
template <real L1 = 0.0f, real L2 = 0.0f>
struct l1_l2 {
    static constexpr detail::regularizer_record regularizer{L1.value, L2.value};
};

} // namespace ctnet
