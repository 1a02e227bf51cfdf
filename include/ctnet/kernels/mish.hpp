// Elementwise kernel of mish, z * tanh(softplus(z)).
#ifndef CTNET_BODY_KERNELS_MISH_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_MISH_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z w with w = tanh(softplus z). No softplus or tanh is evaluated: with e = e^-|z|,
//   z >= 0: w = (1 + 2e) / (1 + 2e + 2e^2),     z < 0: w = e (e + 2) / (e^2 + 2e + 2),
// exact rewrites of ((1+e^z)^2 - 1) / ((1+e^z)^2 + 1) that neither overflow nor cancel.
// dz = dy (w + z sech^2(softplus z) s(z)), and the second term is
//   z >= 0: 4 e^2 (1 + e) / d^2,                z < 0: 4 e (1 + e) / d^2,
// with d the denominator above. Backward reads z.
struct mish {
    static constexpr bool backward_reads_input = true;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(
            n, y,
            [](auto v) {
                auto unused = v;
                return v * omega<false>(v, unused);
            },
            z);
    }
    void backward(const float* z, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(
            n, dz,
            [](auto v, auto g) {
                auto slope_term = v;
                const auto w = omega<true>(v, slope_term);
                return g * detail::madd(v, slope_term, w);
            },
            z, dy);
    }

private:
    // tanh(softplus v); with WithTerm also term = sech^2(softplus v) * sigmoid(v).
    template <bool WithTerm, class V>
    static V omega(V v, V& term) noexcept {
        const V e = detail::exp_f(-detail::abs_lane(v));
        const auto pos = v >= 0.0f;
        const V two_e = e + e;
        const V d = select_v(pos, detail::madd(two_e, e, 1.0f + two_e), detail::madd(e, e, two_e + 2.0f));
        const V num = select_v(pos, 1.0f + two_e, e * (e + 2.0f));
        if constexpr (WithTerm) {
            const V k = select_v(pos, e, detail::broadcast(e, 1.0f));
            term = (4.0f * e) * (1.0f + e) * k / (d * d);
        }
        return num / d;
    }
    template <class M, class V>
    static V select_v(M m, V a, V b) noexcept { return detail::select(m, a, b); }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_MISH_HPP
