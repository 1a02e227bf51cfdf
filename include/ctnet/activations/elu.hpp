// elu: the exponential linear unit.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// ELU, f(z) = z for z > 0, Alpha * (exp(z) - 1) otherwise; Keras default Alpha = 1.
/// Alpha must be > 0 (diagnostic::elu_alpha_not_positive): Keras accepts any Alpha, but the backward
/// pass derives the slope from the output, which is right only for Alpha > 0; for Alpha = 0 use relu.
/// Usable as a dense option or as a layer of its own. Default initializer: He normal.
template <real Alpha = 1.0f>
struct elu {
    static constexpr detail::activation_record activation{detail::activation_id::elu, Alpha.value};
};

} // namespace ctnet
