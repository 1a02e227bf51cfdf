// Elementwise kernel of the scaled exponential linear unit with Keras's constants.
#ifndef CTNET_BODY_KERNELS_SELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = scale * (z if z > 0 else alpha (e^z - 1)); dz = scale dy if y > 0 else dy (y + scale alpha).
// Backward reads y only; the slope at 0 is scale * alpha, as jax.nn.selu.
struct selu {
    // Keras writes the float32 literals 1.67326324 and 1.05070098; they are the same floats as
    // the exact constants 1.6732632423543772... and 1.0507009873554804... (a test checks this).
    static constexpr float alpha = 1.67326324f;
    static constexpr float scale = 1.05070098f;

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(
            n, y, [](auto v) { return scale * detail::select(v > 0.0f, v, alpha * detail::expm1_f(v)); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(
            n, dz, [](auto yv, auto g) { return detail::select(yv > 0.0f, g * scale, g * (yv + scale * alpha)); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SELU_HPP
