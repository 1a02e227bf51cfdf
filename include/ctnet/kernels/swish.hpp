// Elementwise kernel of swish (SiLU), z * sigmoid(z).
#ifndef CTNET_BODY_KERNELS_SWISH_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SWISH_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z s(z), s the logistic function (Keras swish/silu has no beta). dz = dy s (1 + z (1 - s)),
// with s and 1 - s both taken from e^-|z| so neither cancels. Backward reads z.
struct swish {
    static constexpr bool backward_reads_input = true;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(n, y, [](auto v) { return v * detail::sigmoid_f(v); }, z);
    }
    void backward(const float* z, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(
            n, dz,
            [](auto v, auto g) {
                const auto e = detail::exp_f(-detail::abs_lane(v));
                const auto s = 1.0f / (1.0f + e);
                const auto pos = v >= 0.0f;
                const auto sig = detail::select(pos, s, e * s);
                const auto co = detail::select(pos, e * s, s);
                return g * sig * detail::madd(v, co, 1.0f);
            },
            z, dy);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SWISH_HPP
