// Elementwise kernel of the parametric ReLU, one learned slope per unit.
#ifndef CTNET_BODY_KERNELS_PRELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_PRELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z if z >= 0 else alpha[j] z, for unit j of each row of `units` floats (Keras PReLU: alpha
// has the shape of one sample, initialised to 0 by Keras; PyTorch's default is one shared 0.25).
// n must be a multiple of units. dz = dy if z > 0, alpha dy if z < 0, and 0 at z = 0, which is
// what Keras's relu(z) - alpha relu(-z) gives under jax.grad. Backward reads z (alpha may be
// negative after training, so y's sign says nothing).
struct prelu {
    const float* alpha;
    std::size_t units;

    static constexpr bool backward_reads_input = true;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        for (std::size_t r = 0; r + units <= n; r += units)
            detail::map_lanes(
                units, y + r, [](auto v, auto a) { return detail::select(v < 0.0f, a * v, v); }, z + r, alpha);
    }
    void backward(const float* z, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        for (std::size_t r = 0; r + units <= n; r += units)
            detail::map_lanes(
                units, dz + r,
                [](auto v, auto a, auto g) {
                    return detail::select(v > 0.0f, g, detail::select(v < 0.0f, g * a, g * 0.0f));
                },
                z + r, alpha, dy + r);
    }
    // dalpha[j] += sum over rows of dy min(z, 0), rows in order (a fixed sum order, so the
    // gradient is bitwise the same for any thread split that keeps rows in order).
    void accumulate_alpha_gradient(const float* z, const float* dy, float* dalpha, std::size_t n) const noexcept {
        for (std::size_t r = 0; r + units <= n; r += units)
            detail::map_lanes(
                units, dalpha,
                [](auto v, auto g, auto acc) { return detail::madd(g, detail::select(v < 0.0f, v, v * 0.0f), acc); },
                z + r, dy + r, dalpha);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_PRELU_HPP
