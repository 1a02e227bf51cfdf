// max_norm: the max-norm constraint on each unit's incoming weights.
#pragma once

#include <ctnet/core/real.hpp>

namespace ctnet {

/// After every optimizer step, each output unit's incoming weight vector w (a column of the
/// (inputs, units) kernel) is rescaled by clip(|w|, 0, Max) / (|w| + 1e-7), as Keras's MaxNorm
/// (default Max = 2; the chapter uses 1).
template <real Max = 2.0f>
struct max_norm {
    static constexpr float max_norm_value = Max.value;
};

} // namespace ctnet
