// Elementwise kernel of the Gaussian error linear unit: exact (erf) form, or the tanh approximation.
#ifndef CTNET_BODY_KERNELS_GELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_GELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// Exact (approximate = false, the default of keras.activations.gelu, the string "gelu" and
// PyTorch nn.GELU()): y = z Phi(z), Phi the standard normal CDF (= (1 + erf(z/sqrt 2)) / 2),
// evaluated through erfc so the negative tail keeps relative accuracy where 1 + erf(.) would
// cancel; dz = dy (Phi(z) + z phi(z)).
// Tanh form (approximate = true, the default of keras.ops.gelu; PyTorch approximate='tanh'):
// y = z/2 (1 + tanh u), u = sqrt(2/pi) (z + 0.044715 z^3), computed as z s(2u) (s the logistic
// function; 1 + tanh u = 2 s(2u) does not cancel); dz = dy (s + z s (1 - s) 2 u'(z)).
// Backward reads z.
struct gelu {
    bool approximate = false;

    static constexpr bool backward_reads_input = true;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        if (approximate)
            detail::map_lanes(n, y, [](auto v) { return v * detail::sigmoid_f(two_u(clamp20(v))); }, z);
        else
            detail::map_lanes(n, y, [](auto v) { return v * detail::normal_cdf(v); }, z);
    }
    void backward(const float* z, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        if (approximate)
            detail::map_lanes(
                n, dz,
                [](auto v, auto g) {
                    // Beyond |z| = 20 the slope is exactly 0 or 1 in float; clamping keeps z^3
                    // finite so that 0 * inf never happens.
                    const auto c = clamp20(v);
                    const auto e = detail::exp_f(-detail::abs_lane(two_u(c)));
                    const auto s = 1.0f / (1.0f + e);
                    const auto pos = c >= 0.0f;
                    const auto sig = detail::select(pos, s, e * s);
                    const auto co = detail::select(pos, e * s, s);
                    const auto du2 = detail::madd(c * c, 2.0f * k_sqrt_2_over_pi * 3.0f * k_cubic, 2.0f * k_sqrt_2_over_pi);
                    return g * detail::madd(c * sig, co * du2, sig);
                },
                z, dy);
        else
            detail::map_lanes(
                n, dz,
                [](auto v, auto g) { return g * detail::madd(v, detail::normal_pdf(v), detail::normal_cdf(v)); }, z,
                dy);
    }

private:
    static constexpr float k_sqrt_2_over_pi = 0.797884560802865355f;
    static constexpr float k_cubic = 0.044715f;
    // 2u = 2 sqrt(2/pi) (z + 0.044715 z^3).
    template <class V>
    static V two_u(V v) noexcept {
        return (2.0f * k_sqrt_2_over_pi) * detail::madd(v * v * v, k_cubic, v);
    }
    template <class V>
    static V clamp20(V v) noexcept {
        return detail::select(v > 20.0f, detail::broadcast(v, 20.0f), detail::select(v < -20.0f, detail::broadcast(v, -20.0f), v));
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_GELU_HPP
