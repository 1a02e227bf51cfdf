// elu: the exponential linear unit.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// ELU, f(z) = z for z > 0, Alpha * (exp(z) - 1) otherwise; Keras default Alpha = 1.
/// Usable as a dense option or as a layer of its own. Default initializer: He normal.
template <real Alpha = 1.0f>
struct elu {
    static constexpr detail::activation_record activation{detail::activation_id::elu, Alpha.value};
};

} // namespace ctnet
