// A 16-lane float pack, the single vector shape of the loss, batch-norm, regularizer and SGD kernels.
//
// Writing every loop against one fixed lane count gives a reduction the same lane structure, and
// therefore the same result, on every ISA: the AVX-512 build and the generic build differ only in
// rounding where the compiler contracts a*b+c into an FMA. With AVX-512 a pack is one zmm register
// and a partial block is a masked load/store; with AVX2 it is two ymm registers; otherwise it is a
// plain array the compiler vectorises (GCC prefers 256-bit vectors even on AVX-512 machines, so plain
// loops alone would not reach zmm). The AVX2 form exists because the array one, vectorised, goes
// through the stack (16 floats do not fit GCC's idea of one vector): on an AVX2 machine that made
// Adam's update, store-forwarding stalls at every operation, cost as much as the step's GEMMs.
#ifndef CTNET_BODY_KERNELS_DETAIL_TRAINING_MATH_PACK_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_TRAINING_MATH_PACK_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

#if CTNET_HAS_AVX512 || CTNET_HAS_AVX2 || CTNET_HAS_SSE2
#include <immintrin.h>
#endif

#include <cstring>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail::tmath {

inline constexpr std::size_t lanes = 16;

#if CTNET_HAS_AVX512

struct pack {
    __m512 v;
};

inline __mmask16 first_lanes(std::size_t count) noexcept
{
    return static_cast<__mmask16>((1u << count) - 1u);
}
inline pack load(const float* p) noexcept { return {_mm512_loadu_ps(p)}; }
inline pack load_partial(const float* p, std::size_t count) noexcept
{
    return {_mm512_maskz_loadu_ps(first_lanes(count), p)};
}
inline void store(float* p, pack a) noexcept { _mm512_storeu_ps(p, a.v); }
inline void store_partial(float* p, pack a, std::size_t count) noexcept
{
    _mm512_mask_storeu_ps(p, first_lanes(count), a.v);
}
inline pack splat(float x) noexcept { return {_mm512_set1_ps(x)}; }
inline pack operator+(pack a, pack b) noexcept { return {_mm512_add_ps(a.v, b.v)}; }
inline pack operator-(pack a, pack b) noexcept { return {_mm512_sub_ps(a.v, b.v)}; }
inline pack operator*(pack a, pack b) noexcept { return {_mm512_mul_ps(a.v, b.v)}; }
inline pack abs(pack a) noexcept { return {_mm512_abs_ps(a.v)}; }
// +1, -1 or 0; 0 for +-0 (TF/JAX sign(0) = 0, the subgradient Keras's L1 uses) and for NaN.
inline pack sign(pack a) noexcept
{
    const __m512 zero = _mm512_setzero_ps();
    const __mmask16 pos = _mm512_cmp_ps_mask(a.v, zero, _CMP_GT_OQ);
    const __mmask16 neg = _mm512_cmp_ps_mask(a.v, zero, _CMP_LT_OQ);
    __m512 r = _mm512_mask_blend_ps(pos, zero, _mm512_set1_ps(1.0f));
    return {_mm512_mask_blend_ps(neg, r, _mm512_set1_ps(-1.0f))};
}
inline void to_array(pack a, float* out) noexcept { _mm512_storeu_ps(out, a.v); }
inline pack operator/(pack a, pack b) noexcept { return {_mm512_div_ps(a.v, b.v)}; }
// The zero-masked forms with every lane selected: the plain ones pass _mm512_undefined_ps(), which
// g++ 12 reports as -Wmaybe-uninitialized (GCC PR 105593, fixed in 13); same instruction, same values.
inline pack sqrt(pack a) noexcept { return {_mm512_maskz_sqrt_ps(0xFFFF, a.v)}; }
// The larger of a and b per lane (b where either is NaN: maxps's rule).
inline pack max(pack a, pack b) noexcept { return {_mm512_maskz_max_ps(0xFFFF, a.v, b.v)}; }

#elif CTNET_HAS_AVX2

struct pack {
    __m256 lo, hi;
};

inline pack load(const float* p) noexcept { return {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; }
inline void store(float* p, pack a) noexcept
{
    _mm256_storeu_ps(p, a.lo);
    _mm256_storeu_ps(p + 8, a.hi);
}
// A partial pack (a row's tail) goes through a zeroed buffer: rare, and no lane past count is touched.
inline pack load_partial(const float* p, std::size_t count) noexcept
{
    float buffer[lanes] = {};
    std::memcpy(buffer, p, count * sizeof(float));
    return load(buffer);
}
inline void store_partial(float* p, pack a, std::size_t count) noexcept
{
    float buffer[lanes];
    store(buffer, a);
    std::memcpy(p, buffer, count * sizeof(float));
}
inline pack splat(float x) noexcept { return {_mm256_set1_ps(x), _mm256_set1_ps(x)}; }
inline pack operator+(pack a, pack b) noexcept { return {_mm256_add_ps(a.lo, b.lo), _mm256_add_ps(a.hi, b.hi)}; }
inline pack operator-(pack a, pack b) noexcept { return {_mm256_sub_ps(a.lo, b.lo), _mm256_sub_ps(a.hi, b.hi)}; }
inline pack operator*(pack a, pack b) noexcept { return {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; }
inline pack operator/(pack a, pack b) noexcept { return {_mm256_div_ps(a.lo, b.lo), _mm256_div_ps(a.hi, b.hi)}; }
inline pack abs(pack a) noexcept
{
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    return {_mm256_andnot_ps(sign_bit, a.lo), _mm256_andnot_ps(sign_bit, a.hi)};
}
// +1, -1 or 0; 0 for +-0 (TF/JAX sign(0) = 0, the subgradient Keras's L1 uses) and for NaN.
// (A named function, not a lambda: g++ compiles a captureless lambda's function-pointer thunk outside
// a `#pragma GCC target` region, exec/kernel_sets.hpp.)
inline __m256 sign_half(__m256 x) noexcept
{
    const __m256 zero = _mm256_setzero_ps();
    return _mm256_or_ps(_mm256_and_ps(_mm256_cmp_ps(x, zero, _CMP_GT_OQ), _mm256_set1_ps(1.0f)),
                        _mm256_and_ps(_mm256_cmp_ps(x, zero, _CMP_LT_OQ), _mm256_set1_ps(-1.0f)));
}
inline pack sign(pack a) noexcept { return {sign_half(a.lo), sign_half(a.hi)}; }
inline void to_array(pack a, float* out) noexcept { store(out, a); }
inline pack sqrt(pack a) noexcept { return {_mm256_sqrt_ps(a.lo), _mm256_sqrt_ps(a.hi)}; }
// The larger of a and b per lane (b where either is NaN: maxps's rule).
inline pack max(pack a, pack b) noexcept { return {_mm256_max_ps(a.lo, b.lo), _mm256_max_ps(a.hi, b.hi)}; }

#else

struct pack {
    float v[lanes];
};

inline pack load(const float* p) noexcept
{
    pack r;
    for (std::size_t l = 0; l < lanes; ++l) r.v[l] = p[l];
    return r;
}
inline pack load_partial(const float* p, std::size_t count) noexcept
{
    pack r{};
    for (std::size_t l = 0; l < count; ++l) r.v[l] = p[l];
    return r;
}
inline void store(float* p, pack a) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) p[l] = a.v[l];
}
inline void store_partial(float* p, pack a, std::size_t count) noexcept
{
    for (std::size_t l = 0; l < count; ++l) p[l] = a.v[l];
}
inline pack splat(float x) noexcept
{
    pack r;
    for (std::size_t l = 0; l < lanes; ++l) r.v[l] = x;
    return r;
}
inline pack operator+(pack a, pack b) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] += b.v[l];
    return a;
}
inline pack operator-(pack a, pack b) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] -= b.v[l];
    return a;
}
inline pack operator*(pack a, pack b) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] *= b.v[l];
    return a;
}
inline pack abs(pack a) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] = std::fabs(a.v[l]);
    return a;
}
// +1, -1 or 0; 0 for +-0 (TF/JAX sign(0) = 0, the subgradient Keras's L1 uses) and for NaN.
inline pack sign(pack a) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l)
        a.v[l] = static_cast<float>(a.v[l] > 0.0f) - static_cast<float>(a.v[l] < 0.0f);
    return a;
}
inline void to_array(pack a, float* out) noexcept { store(out, a); }
inline pack operator/(pack a, pack b) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] /= b.v[l];
    return a;
}
// Through SSE's square root (correctly rounded, as std::sqrt): a loop of std::sqrt is not
// vectorised while errno is on (-fmath-errno, the default), and would make every adaptive
// optimizer's update scalar, with a call per element.
inline pack sqrt(pack a) noexcept
{
#if CTNET_HAS_SSE2
    for (std::size_t l = 0; l < lanes; l += 4) _mm_storeu_ps(a.v + l, _mm_sqrt_ps(_mm_loadu_ps(a.v + l)));
#else
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] = std::sqrt(a.v[l]);
#endif
    return a;
}
// The larger of a and b per lane (b where either is NaN, as the AVX-512 path's maxps).
inline pack max(pack a, pack b) noexcept
{
    for (std::size_t l = 0; l < lanes; ++l) a.v[l] = a.v[l] > b.v[l] ? a.v[l] : b.v[l];
    return a;
}

#endif

inline pack zero() noexcept { return splat(0.0f); }

// body(i, count) over [0, n) in packs: count == lanes, then one partial pack for the rest (the
// loop of every elementwise optimizer update).
template <class Body>
inline void for_each_pack(std::size_t n, Body&& body)
{
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes) body(i, lanes);
    if (i < n) body(i, n - i);
}

// Asks for the cache lines of the next `count` floats at each pointer, to be written: an
// optimizer's update prefetches the arenas of the block it updates next.
template <class... Ptr>
inline void prefetch_for_write(std::size_t count, Ptr... p) noexcept
{
    for (std::size_t o = 0; o < count; o += lanes) (__builtin_prefetch(p + o, 1), ...);
}

// Lanes added in ascending order in double: the fixed combine step of every lane reduction.
inline double lane_sum(pack a) noexcept
{
    float v[lanes];
    to_array(a, v);
    double s = 0.0;
    for (std::size_t l = 0; l < lanes; ++l) s += static_cast<double>(v[l]);
    return s;
}

// Loads/stores the first `count` (<= lanes) floats at p, a run-time count; a full pack needs no mask.
inline pack load_first(const float* p, std::size_t count) noexcept
{
    return count == lanes ? load(p) : load_partial(p, count);
}
inline void store_first(float* p, pack a, std::size_t count) noexcept
{
    if (count == lanes) store(p, a);
    else store_partial(p, a, count);
}

// Loads/stores a block of Count (<= lanes) floats; a full block needs no mask.
template <std::size_t Count>
inline pack load_block(const float* p) noexcept
{
    if constexpr (Count == lanes) return load(p);
    else return load_partial(p, Count);
}
template <std::size_t Count>
inline void store_block(float* p, pack a) noexcept
{
    if constexpr (Count == lanes) store(p, a);
    else store_partial(p, a, Count);
}

// Calls f(block_index, offset, std::integral_constant<size_t, count>) for the blocks covering N
// features: N / lanes full blocks, then one partial block if N is not a multiple of lanes.
template <std::size_t N>
inline constexpr std::size_t block_count = (N + lanes - 1) / lanes;

template <std::size_t Count>
struct block_width {
    static constexpr std::size_t value = Count;
};

template <std::size_t N, class F>
inline void for_each_block(F&& f)
{
    for (std::size_t b = 0; b < N / lanes; ++b) f(b, b * lanes, block_width<lanes>{});
    if constexpr (N % lanes != 0) f(N / lanes, N / lanes * lanes, block_width<N % lanes>{});
}

// Sum over i in [0, n) of term(i) -> pack of 16 elements starting at i, in a fixed order: chunks of
// 64 packs accumulate in float lanes, each chunk's lanes are added to a double total. The order
// depends only on n, and a chunk bounds the float error to 64 terms a lane.
template <class Term>
inline double ordered_sum(std::size_t n, Term&& term)
{
    constexpr std::size_t chunk = 64 * lanes;
    double total = 0.0;
    std::size_t i = 0;
    while (i + lanes <= n) {
        const std::size_t end = (n - i >= chunk) ? i + chunk : i + (n - i) / lanes * lanes;
        pack acc = zero();
        for (; i < end; i += lanes) acc = acc + term(i, lanes);
        total += lane_sum(acc);
    }
    if (i < n) total += lane_sum(term(i, n - i));
    return total;
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail::tmath

#endif // CTNET_BODY_KERNELS_DETAIL_TRAINING_MATH_PACK_HPP
