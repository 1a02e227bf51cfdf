// leaky_relu: the leaky rectified linear unit with a fixed slope for negative inputs.
#pragma once

#include <ctnet/core/real.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// Leaky ReLU, f(z) = z for z >= 0, Alpha * z otherwise. Keras's LeakyReLU layer default slope is
/// 0.3 (the seed uses 0.2). The slope must be >= 0, as Keras requires.
/// Usable as a dense option or as a layer of its own. Default initializer: He normal.
template <real Alpha = 0.3f>
struct leaky_relu {
    static constexpr detail::activation_record activation{detail::activation_id::leaky_relu, Alpha.value};
};

} // namespace ctnet
