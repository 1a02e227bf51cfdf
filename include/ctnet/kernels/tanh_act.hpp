// Elementwise kernel of the hyperbolic tangent (named tanh_act so it does not hide std::tanh).
#ifndef CTNET_BODY_KERNELS_TANH_ACT_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_TANH_ACT_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = tanh z through expm1 (accurate near 0, saturates to exactly +-1); dz = dy * (1 - y^2).
// Backward reads y only.
struct tanh_act {
    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(n, y, [](auto v) { return detail::tanh_f(v); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(n, dz, [](auto yv, auto g) { return g * detail::madd(-yv, yv, 1.0f); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_TANH_ACT_HPP
