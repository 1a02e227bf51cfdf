// Elementwise kernel of the leaky ReLU with a fixed negative slope.
#ifndef CTNET_BODY_KERNELS_LEAKY_RELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_LEAKY_RELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z if z >= 0 else alpha z; dz = dy if y has its sign bit clear, else alpha dy (the sign
// bit, not y >= 0: alpha z may round to -0, which must still take the slope alpha). The slope at
// +0 is 1, as
// jax.nn.leaky_relu (Keras 3 on JAX); TensorFlow uses alpha there. Keras defaults: layer
// LeakyReLU 0.3, function "leaky_relu" 0.2 (PyTorch 0.01) -- the descriptor picks; this kernel
// has no default. Requires alpha >= 0 (Keras rejects a negative slope): backward reads y only,
// and y has the sign of z only when alpha >= 0.
struct leaky_relu {
    float alpha;

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        const float a = alpha;
        detail::map_lanes(n, y, [a](auto v) { return detail::select(v >= 0.0f, v, v * a); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        const float a = alpha;
        detail::map_lanes(n, dz, [a](auto yv, auto g) { return detail::select(detail::sign_clear(yv), g, g * a); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_LEAKY_RELU_HPP
