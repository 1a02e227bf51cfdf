// Elementwise kernel of the logistic sigmoid, stable over the whole float range.
#ifndef CTNET_BODY_KERNELS_SIGMOID_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SIGMOID_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = 1/(1+e^-z), evaluated from e^-|z| so it never overflows; dz = dy * y(1-y).
// Backward reads y only (z may have been overwritten in place). For z > ~17, 1-y rounds to 0
// and the derivative (< 4e-8) is returned as 0: absolute error below 6e-8, as in Keras.
struct sigmoid {
    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(n, y, [](auto v) { return detail::sigmoid_f(v); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(n, dz, [](auto yv, auto g) { return g * (yv - yv * yv); }, y, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SIGMOID_HPP
