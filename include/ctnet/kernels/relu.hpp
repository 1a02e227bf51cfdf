// Elementwise kernel of the rectified linear unit.
#ifndef CTNET_BODY_KERNELS_RELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_RELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = max(0, z) with NaN passed through (a NaN must reach the loss, not vanish); dz = dy where
// y > 0, else 0, so the derivative at 0 is 0 as in TensorFlow and JAX. Backward reads y only.
struct relu {
    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(n, y, [](auto v) { return detail::select(v < 0.0f, 0.0f, v); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(n, dz, [](auto yv, auto g) { return detail::select(yv > 0.0f, g, 0.0f); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_RELU_HPP
