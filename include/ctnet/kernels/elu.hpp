// Elementwise kernel of the exponential linear unit.
#ifndef CTNET_BODY_KERNELS_ELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_ELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z if z > 0 else alpha (e^z - 1), with expm1 so small negative z keep full accuracy
// (Keras default alpha = 1). dz = dy if y > 0 else dy (y + alpha), since alpha e^z = y + alpha:
// backward reads y only, and the slope at 0 is alpha, as jax.nn.elu. Requires alpha > 0 (so
// that y > 0 exactly when z > 0; the analysis refuses elu<Alpha <= 0>). For z < -17 the slope y + alpha rounds to 0 (true value
// below 4e-8 alpha).
struct elu {
    float alpha;

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        const float a = alpha;
        detail::map_lanes(n, y, [a](auto v) { return detail::select(v > 0.0f, v, a * detail::expm1_f(v)); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        const float a = alpha;
        detail::map_lanes(n, dz, [a](auto yv, auto g) { return detail::select(yv > 0.0f, g, g * (yv + a)); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_ELU_HPP
