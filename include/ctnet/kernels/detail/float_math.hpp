// Vectorisable float exp, expm1, sigmoid, tanh and normal CDF for the activation kernels, written
// once as templates over a lane type (float, or detail::vf16 on AVX-512) so that no loop calls libm.
#ifndef CTNET_BODY_KERNELS_DETAIL_FLOAT_MATH_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_FLOAT_MATH_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

// Below -104 expf is 0 even after subnormal rounding; above 89 it is inf. Clamping to that range
// keeps the exponent arithmetic in pow2_split exact.
inline constexpr float exp_lo = -104.0f;
inline constexpr float exp_hi = 89.0f;
inline constexpr float log2e = 1.44269504088896341f;
// ln 2 split in two (Cody-Waite): n * ln2_hi is exact for |n| <= 2^15.
inline constexpr float ln2_hi = 0.693359375f;
inline constexpr float ln2_lo = -2.12194440e-4f;
// Adding then subtracting 1.5 * 2^23 rounds a float of magnitude < 2^22 to the nearest integer.
inline constexpr float round_shifter = 12582912.0f;

// exp(a + b) = s1 * s2 * (1 + q), split so that exp and expm1 share one reduction. `b` is a
// small correction (|b| <= a few units) carried separately so that a + b is never rounded: that
// keeps exp(-x*x/2) accurate when x*x has been split exactly into hi + lo.
template <class V>
struct exp_reduced {
    V s1, s2, q;
};

template <class V>
inline exp_reduced<V> exp_reduce(V a, V b) noexcept {
    // Clamp through comparisons that send NaN to exp_lo; callers restore NaN afterwards.
    a = select(a >= exp_lo, a, broadcast(a, exp_lo));
    a = select(a <= exp_hi, a, broadcast(a, exp_hi));
    b = select(a > exp_lo, b, broadcast(b, 0.0f));
    const V t = madd(a + b, log2e, round_shifter);
    const V n = t - round_shifter;
    // r = a + b - n ln2 with a - n*ln2_hi exact.
    const V r = madd(n, -ln2_lo, madd(n, -ln2_hi, a) + b);
    // Cephes expf polynomial: e^r = 1 + r + r^2 P(r) on |r| <= ln2/2, about 1 ulp.
    V p = madd(r, 1.9875691500e-4f, 1.3981999507e-3f);
    p = madd(p, r, 8.3334519073e-3f);
    p = madd(p, r, 4.1665795894e-2f);
    p = madd(p, r, 1.6666665459e-1f);
    p = madd(p, r, 5.0000001201e-1f);
    exp_reduced<V> e;
    e.q = madd(p, r * r, r);
    pow2_split(n, e.s1, e.s2);
    return e;
}

// e^x, max error about 2 ulp for normal results (measured in tests/unit/numerics); 0 below
// about -103.97, inf above 88.72, NaN for NaN.
template <class V>
inline V exp_f(V x) noexcept {
    const exp_reduced<V> e = exp_reduce(x, broadcast(x, 0.0f));
    const V y = madd(e.s1, e.q, e.s1) * e.s2;
    return select(x == x, y, x);
}

// e^(a+b) for a large and b a small correction (see exp_reduce).
template <class V>
inline V exp_sum(V a, V b) noexcept {
    const exp_reduced<V> e = exp_reduce(a, b);
    return madd(e.s1, e.q, e.s1) * e.s2;
}

// e^x - 1 without cancellation near 0: when n = 0 the result is q itself; otherwise
// |x| > ln2/2 and (2^n - 1) + 2^n q has no cancellation.
template <class V>
inline V expm1_f(V x) noexcept {
    const exp_reduced<V> e = exp_reduce(x, broadcast(x, 0.0f));
    const V s = e.s1 * e.s2;
    const V y = madd(s, e.q, s - 1.0f);
    return select(x == x, y, x);
}

// The logistic function from e = exp(-|z|) in (0, 1]: 1/(1+e) or e/(1+e), neither cancels.
template <class V>
inline V sigmoid_f(V z) noexcept {
    const V e = exp_f(-abs_lane(z));
    const V s = 1.0f / (1.0f + e);
    return select(z >= 0.0f, s, e * s);
}

// tanh|z| = -expm1(-2|z|) / (2 + expm1(-2|z|)): accurate for small |z| (no 1 - e cancellation)
// and saturating to exactly 1 without overflow.
template <class V>
inline V tanh_f(V z) noexcept {
    const V m = expm1_f(-2.0f * abs_lane(z));
    return with_sign_of((-m) / (2.0f + m), z);
}

// erfc(|z|/sqrt 2) for the normal CDF, by the Chebyshev fit of Numerical Recipes' erfcc
// (relative error < 1.2e-7 in exact arithmetic): erfc(x) = t exp(-x^2 + P(t)), t = 1/(1+x/2).
// x^2 = z^2/2 is split exactly (hi + lo) so that exp(-z^2/2) keeps full relative accuracy in
// the tail, where Phi(z) is tiny: Phi(-5) is computed to a few ulp, not to 1e-1.
template <class V>
inline V erfc_half_sqrt2(V z) noexcept {
    const V a = abs_lane(z);
    const V x = a * 0.70710678118654752f;
    const V t = 1.0f / madd(x, 0.5f, 1.0f);
    V p = madd(t, 0.17087277f, -0.82215223f);
    p = madd(p, t, 1.48851587f);
    p = madd(p, t, -1.13520398f);
    p = madd(p, t, 0.27886807f);
    p = madd(p, t, -0.18628806f);
    p = madd(p, t, 0.09678418f);
    p = madd(p, t, 0.37409196f);
    p = madd(p, t, 1.00002368f);
    p = madd(p, t, -1.26551223f);
    V hi, lo;
    square_split(a, hi, lo);
    return t * exp_sum(hi * -0.5f, madd(lo, -0.5f, p));
}

// Phi(z), the standard normal CDF, with relative accuracy on both tails' small side.
template <class V>
inline V normal_cdf(V z) noexcept {
    const V h = 0.5f * erfc_half_sqrt2(z);
    return select(z >= 0.0f, 1.0f - h, h);
}

// phi(z) = exp(-z^2/2)/sqrt(2 pi), with z^2 split exactly.
template <class V>
inline V normal_pdf(V z) noexcept {
    V hi, lo;
    square_split(z, hi, lo);
    return exp_sum(hi * -0.5f, lo * -0.5f) * 0.398942280401432678f;
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif // CTNET_BODY_KERNELS_DETAIL_FLOAT_MATH_HPP
