// Lane abstraction for the elementwise kernels: one math routine, written once as a template,
// runs on a 16-lane AVX-512 vector or on a plain float that the compiler vectorises itself.
#ifndef CTNET_BODY_KERNELS_DETAIL_LANES_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_LANES_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>

#if CTNET_HAS_AVX512
#include <immintrin.h>
#endif

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

// ---- scalar lanes (the portable path, also the reference for the vector path) -----------------
// Plain `a * b + c`, never std::fma: on a generic x86-64 build std::fma is a library call that
// blocks vectorisation, and g++ in ISO mode does not contract, so results match across compilers.
inline float madd(float a, float b, float c) noexcept { return a * b + c; }
// Bitwise, not `m ? a : b`: g++ sinks a multiply feeding a ternary into the branch, then
// refuses to vectorise the loop ("control flow in loop") because the multiply might trap.
inline float select(bool m, float a, float b) noexcept {
    const std::uint32_t k = 0u - static_cast<std::uint32_t>(m);
    return std::bit_cast<float>((std::bit_cast<std::uint32_t>(a) & k) | (std::bit_cast<std::uint32_t>(b) & ~k));
}
inline float abs_lane(float a) noexcept { return std::bit_cast<float>(std::bit_cast<std::uint32_t>(a) & 0x7fffffffu); }
// copysign restricted to a non-negative magnitude `mag` and the sign of `s`.
inline float with_sign_of(float mag, float s) noexcept {
    return std::bit_cast<float>(std::bit_cast<std::uint32_t>(mag) | (std::bit_cast<std::uint32_t>(s) & 0x80000000u));
}
inline float broadcast(float, float c) noexcept { return c; }
// True when the sign bit is clear: +0 counts as non-negative and -0 as negative, which a
// comparison with 0 cannot tell apart.
inline bool sign_clear(float a) noexcept { return std::bit_cast<std::int32_t>(a) >= 0; }

// 2^n as two factors 2^(n/2) * 2^(n - n/2), so exponents down to -150 (the subnormal range) and
// up to 128 (overflow to inf) come out right without a branch. `n` is an exact integer in
// [-150, 129].
inline void pow2_split(float n, float& s1, float& s2) noexcept {
    const auto i = static_cast<std::int32_t>(n);
    const std::int32_t h = i >> 1;
    s1 = std::bit_cast<float>(static_cast<std::uint32_t>(h + 127) << 23);
    s2 = std::bit_cast<float>(static_cast<std::uint32_t>(i - h + 127) << 23);
}

// a*a = hi + lo exactly. Through double on the scalar path: a generic x86-64 build has no FMA,
// and the double product of two floats is exact.
inline void square_split(float a, float& hi, float& lo) noexcept {
    const double d = static_cast<double>(a) * static_cast<double>(a);
    hi = static_cast<float>(d);
    lo = static_cast<float>(d - static_cast<double>(hi));
}

#if CTNET_HAS_AVX512
// ---- 16-lane AVX-512 vectors ------------------------------------------------------------------
struct vf16 {
    __m512 v;
};
using m16 = __mmask16;

inline vf16 operator+(vf16 a, vf16 b) noexcept { return {_mm512_add_ps(a.v, b.v)}; }
inline vf16 operator-(vf16 a, vf16 b) noexcept { return {_mm512_sub_ps(a.v, b.v)}; }
inline vf16 operator*(vf16 a, vf16 b) noexcept { return {_mm512_mul_ps(a.v, b.v)}; }
inline vf16 operator/(vf16 a, vf16 b) noexcept { return {_mm512_div_ps(a.v, b.v)}; }
inline vf16 operator-(vf16 a) noexcept {
    return {_mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(a.v), _mm512_set1_epi32(static_cast<int>(0x80000000u))))};
}
inline vf16 operator+(vf16 a, float b) noexcept { return a + vf16{_mm512_set1_ps(b)}; }
inline vf16 operator+(float a, vf16 b) noexcept { return vf16{_mm512_set1_ps(a)} + b; }
inline vf16 operator-(vf16 a, float b) noexcept { return a - vf16{_mm512_set1_ps(b)}; }
inline vf16 operator-(float a, vf16 b) noexcept { return vf16{_mm512_set1_ps(a)} - b; }
inline vf16 operator*(vf16 a, float b) noexcept { return a * vf16{_mm512_set1_ps(b)}; }
inline vf16 operator*(float a, vf16 b) noexcept { return vf16{_mm512_set1_ps(a)} * b; }
inline vf16 operator/(vf16 a, float b) noexcept { return a / vf16{_mm512_set1_ps(b)}; }
inline vf16 operator/(float a, vf16 b) noexcept { return vf16{_mm512_set1_ps(a)} / b; }

// Ordered, quiet comparisons: a NaN compares false, as with float.
inline m16 operator<(vf16 a, vf16 b) noexcept { return _mm512_cmp_ps_mask(a.v, b.v, _CMP_LT_OQ); }
inline m16 operator<=(vf16 a, vf16 b) noexcept { return _mm512_cmp_ps_mask(a.v, b.v, _CMP_LE_OQ); }
inline m16 operator>(vf16 a, vf16 b) noexcept { return _mm512_cmp_ps_mask(a.v, b.v, _CMP_GT_OQ); }
inline m16 operator>=(vf16 a, vf16 b) noexcept { return _mm512_cmp_ps_mask(a.v, b.v, _CMP_GE_OQ); }
inline m16 operator==(vf16 a, vf16 b) noexcept { return _mm512_cmp_ps_mask(a.v, b.v, _CMP_EQ_OQ); }
inline m16 operator<(vf16 a, float b) noexcept { return a < vf16{_mm512_set1_ps(b)}; }
inline m16 operator<=(vf16 a, float b) noexcept { return a <= vf16{_mm512_set1_ps(b)}; }
inline m16 operator>(vf16 a, float b) noexcept { return a > vf16{_mm512_set1_ps(b)}; }
inline m16 operator>=(vf16 a, float b) noexcept { return a >= vf16{_mm512_set1_ps(b)}; }

inline vf16 madd(vf16 a, vf16 b, vf16 c) noexcept { return {_mm512_fmadd_ps(a.v, b.v, c.v)}; }
inline vf16 madd(vf16 a, float b, float c) noexcept { return {_mm512_fmadd_ps(a.v, _mm512_set1_ps(b), _mm512_set1_ps(c))}; }
inline vf16 madd(vf16 a, vf16 b, float c) noexcept { return {_mm512_fmadd_ps(a.v, b.v, _mm512_set1_ps(c))}; }
inline vf16 madd(vf16 a, float b, vf16 c) noexcept { return {_mm512_fmadd_ps(a.v, _mm512_set1_ps(b), c.v)}; }
inline vf16 select(m16 m, vf16 a, vf16 b) noexcept { return {_mm512_mask_blend_ps(m, b.v, a.v)}; }
inline vf16 select(m16 m, float a, vf16 b) noexcept { return select(m, vf16{_mm512_set1_ps(a)}, b); }
inline vf16 select(m16 m, vf16 a, float b) noexcept { return select(m, a, vf16{_mm512_set1_ps(b)}); }
inline vf16 abs_lane(vf16 a) noexcept {
    return {_mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(a.v), _mm512_set1_epi32(0x7fffffff)))};
}
inline vf16 with_sign_of(vf16 mag, vf16 s) noexcept {
    const __m512i sign = _mm512_and_si512(_mm512_castps_si512(s.v), _mm512_set1_epi32(static_cast<int>(0x80000000u)));
    return {_mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(mag.v), sign))};
}
inline vf16 broadcast(vf16, float c) noexcept { return {_mm512_set1_ps(c)}; }
inline m16 sign_clear(vf16 a) noexcept {
    return _mm512_cmpge_epi32_mask(_mm512_castps_si512(a.v), _mm512_setzero_si512());
}

// The maskz forms with a full mask: g++ 12's unmasked forms start from _mm512_undefined_*,
// which trips -Wmaybe-uninitialized (GCC PR105593).
inline void pow2_split(vf16 n, vf16& s1, vf16& s2) noexcept {
    constexpr m16 all = 0xffffu;
    const __m512i i = _mm512_maskz_cvttps_epi32(all, n.v);
    const __m512i h = _mm512_maskz_srai_epi32(all, i, 1);
    const __m512i bias = _mm512_set1_epi32(127);
    s1.v = _mm512_castsi512_ps(_mm512_maskz_slli_epi32(all, _mm512_add_epi32(h, bias), 23));
    s2.v = _mm512_castsi512_ps(_mm512_maskz_slli_epi32(all, _mm512_add_epi32(_mm512_sub_epi32(i, h), bias), 23));
}

inline void square_split(vf16 a, vf16& hi, vf16& lo) noexcept {
    hi.v = _mm512_mul_ps(a.v, a.v);
    lo.v = _mm512_fmsub_ps(a.v, a.v, hi.v);
}

inline m16 tail_mask(std::size_t left) noexcept {
    return left >= 16 ? static_cast<m16>(0xffffu) : static_cast<m16>((1u << left) - 1u);
}
inline vf16 load(const float* p, m16 m) noexcept { return {_mm512_maskz_loadu_ps(m, p)}; }
inline void store(float* p, vf16 a, m16 m) noexcept { _mm512_mask_storeu_ps(p, m, a.v); }
// Masked-off lanes read as `fill` (e.g. -inf for a max, 0 for a sum).
inline vf16 load_or(const float* p, m16 m, float fill) noexcept { return {_mm512_mask_loadu_ps(_mm512_set1_ps(fill), m, p)}; }
inline vf16 max_lanes(vf16 a, vf16 b) noexcept { return {_mm512_maskz_max_ps(0xffffu, a.v, b.v)}; }
// Horizontal reductions through memory in a fixed pairwise order (g++ 12's _mm512_reduce_*
// also trip PR105593, and a spelled-out order is the same on both compilers).
inline float reduce_max(vf16 a) noexcept {
    alignas(64) float t[16];
    _mm512_store_ps(t, a.v);
    for (int w = 8; w > 0; w /= 2)
        for (int i = 0; i < w; ++i) t[i] = t[i + w] > t[i] ? t[i + w] : t[i];
    return t[0];
}
inline float reduce_add(vf16 a) noexcept {
    alignas(64) float t[16];
    _mm512_store_ps(t, a.v);
    for (int w = 8; w > 0; w /= 2)
        for (int i = 0; i < w; ++i) t[i] += t[i + w];
    return t[0];
}
#endif

// out[i] = f(in[0][i], in[1][i], ...) for i < n. `out` may equal any input (the kernels run in
// place); it must not partially overlap one. On AVX-512 every element, the tail included, goes
// through the same 16-lane code (a masked load), so an element's result never depends on its
// position in the array.
template <class F, class... In>
inline void map_lanes(std::size_t n, float* out, F f, const In*... in) noexcept {
#if CTNET_HAS_AVX512
    for (std::size_t i = 0; i < n; i += 16) {
        const m16 m = tail_mask(n - i);
        store(out + i, f(load(in + i, m)...), m);
    }
#else
#if defined(__clang__)
#pragma clang loop vectorize(assume_safety)
#elif defined(__GNUC__)
#pragma GCC ivdep
#endif
    for (std::size_t i = 0; i < n; ++i) out[i] = f(in[i]...);
#endif
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif // CTNET_BODY_KERNELS_DETAIL_LANES_HPP
