// flatten: reshapes each sample to rank 1 (no copy, no parameters).
#pragma once

#include <ctnet/core/records.hpp>

namespace ctnet {

/// Reshapes (d0, d1, ...) to (d0 * d1 * ...). Owns no parameters; the plan emits no stage for it.
struct flatten {
    static constexpr detail::layer_record layer{detail::layer_kind::flatten};
};

} // namespace ctnet
