// gemv_bf16: one row through a dense kernel held in bfloat16 (half the bytes of float), for inference.
#ifndef CTNET_BODY_KERNELS_GEMV_BF16_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_GEMV_BF16_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>

#include <ctnet/kernels/gemv.hpp>

#if CTNET_HAS_AVX512BF16
#include <immintrin.h>
#endif

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

/// True when gemv_bf16 runs on the CPU's bfloat16 dot products (AVX512_BF16: vdpbf16ps, compiled in
/// with -march=native on such a CPU); otherwise it computes the same products in portable code.
inline constexpr bool bf16_dot_products =
#if CTNET_HAS_AVX512BF16
    true;
#else
    false;
#endif

/// A float rounded to bfloat16 (its top 16 bits), to nearest, ties to even; a NaN stays a NaN.
inline std::uint16_t to_bf16(float v) noexcept {
    const std::uint32_t b = std::bit_cast<std::uint32_t>(v);
    if ((b & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((b >> 16) | 0x40u);
    return static_cast<std::uint16_t>((b + 0x7fffu + ((b >> 16) & 1u)) >> 16);
}
inline float from_bf16(std::uint16_t h) noexcept { return std::bit_cast<float>(static_cast<std::uint32_t>(h) << 16); }

/// Elements of a kernel (K x N) in the bf16 layout: rows taken in pairs (2q, 2q + 1), each pair of
/// padded_width<N> columns with its two values side by side, as vdpbf16ps pairs them.
template <std::size_t K, std::size_t N>
inline constexpr std::size_t bf16_elements = (K + 1) / 2 * padded_width<N> * 2;

/// out (bf16_elements<K, N>, 64-byte aligned) = W (K x N, float) rounded to bfloat16, in pairs of rows:
/// out[(q * ld + j) * 2 + t] = W(2q + t, j), zero past K and past N.
template <std::size_t K, std::size_t N>
void pack_bf16(const float* w, std::uint16_t* out) noexcept {
    constexpr std::size_t ld = padded_width<N>;
    for (std::size_t q = 0; q < (K + 1) / 2; ++q)
        for (std::size_t j = 0; j < ld; ++j)
            for (std::size_t t = 0; t < 2; ++t) {
                const std::size_t p = 2 * q + t;
                out[(q * ld + j) * 2 + t] = p < K && j < N ? to_bf16(w[p * N + j]) : std::uint16_t{0};
            }
}

namespace detail {

#if CTNET_HAS_AVX512BF16
template <std::size_t K, std::size_t N, std::size_t G0, std::size_t G>
inline void gemv_bf16_group(const std::uint32_t* __restrict xp, const std::uint16_t* __restrict w,
                            float* __restrict y) noexcept {
    constexpr std::size_t ld = padded_width<N>;
    __m512 acc[G];
#pragma GCC unroll 32
    for (std::size_t v = 0; v < G; ++v) acc[v] = _mm512_setzero_ps();
    for (std::size_t q = 0; q < (K + 1) / 2; ++q) {
        const __m512bh xv = (__m512bh)_mm512_set1_epi32(static_cast<int>(xp[q]));
        const std::uint16_t* row = w + (q * ld + 16 * G0) * 2;
#pragma GCC unroll 32
        for (std::size_t v = 0; v < G; ++v)
            acc[v] = _mm512_dpbf16_ps(acc[v], (__m512bh)_mm512_load_si512(row + 32 * v), xv);
    }
#pragma GCC unroll 32
    for (std::size_t v = 0; v < G; ++v) {
        const std::size_t at = 16 * (G0 + v);
        if (at + 16 <= N) _mm512_storeu_ps(y + at, acc[v]);
        else _mm512_mask_storeu_ps(y + at, static_cast<__mmask16>((1u << (N - at)) - 1u), acc[v]);
    }
}

template <std::size_t K, std::size_t N, std::size_t... Gi>
inline void gemv_bf16_groups(std::index_sequence<Gi...>, const std::uint32_t* xp, const std::uint16_t* w,
                             float* y) noexcept {
    constexpr std::size_t units = ceil_div(N, 16);
    constexpr std::size_t groups = sizeof...(Gi);
    constexpr auto first = [](std::size_t g) { return g * (units / groups) + (g < units % groups ? g : units % groups); };
    (gemv_bf16_group<K, N, first(Gi), first(Gi + 1) - first(Gi)>(xp, w, y), ...);
}
#endif

} // namespace detail

/// y (N floats) = x W with x rounded to bfloat16 and W in the bf16 layout (pack_bf16): each y[j] sums,
/// over ascending pairs q, x(2q) W(2q, j) + x(2q + 1) W(2q + 1, j) (products of bfloat16 values, exact
/// in float) into a float accumulator: vdpbf16ps on AVX512_BF16 (which rounds as the CPU does: no
/// denormals), else the same products in portable code, whose last bits may differ.
template <std::size_t K, std::size_t N>
void gemv_bf16(const float* x, const std::uint16_t* w, float* y) noexcept {
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemv_bf16: K and N must be positive");
    alignas(64) std::uint32_t xp[(K + 1) / 2];  // x in bfloat16, two to a word (x(2q) in the low half)
    for (std::size_t q = 0; q < (K + 1) / 2; ++q) {
        const std::uint32_t lo = to_bf16(x[2 * q]);
        const std::uint32_t hi = 2 * q + 1 < K ? to_bf16(x[2 * q + 1]) : 0u;
        xp[q] = lo | hi << 16;
    }
#if CTNET_HAS_AVX512BF16
    constexpr std::size_t groups = detail::ceil_div(detail::ceil_div(N, 16), detail::gemv_group_vectors);
    detail::gemv_bf16_groups<K, N>(std::make_index_sequence<groups>{}, xp, w, y);
#else
    constexpr std::size_t ld = padded_width<N>;
    for (std::size_t j0 = 0; j0 < N; j0 += 32) {  // 32 columns at a time, accumulated in registers
        float acc[32] = {};
        const std::size_t n = N - j0 < 32 ? N - j0 : 32;
        for (std::size_t q = 0; q < (K + 1) / 2; ++q) {
            const float x0 = from_bf16(static_cast<std::uint16_t>(xp[q])), x1 = from_bf16(static_cast<std::uint16_t>(xp[q] >> 16));
            const std::uint16_t* row = w + (q * ld + j0) * 2;
            for (std::size_t j = 0; j < n; ++j) acc[j] += x0 * from_bf16(row[2 * j]) + x1 * from_bf16(row[2 * j + 1]);
        }
        for (std::size_t j = 0; j < n; ++j) y[j0 + j] = acc[j];
    }
#endif
}

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_GEMV_BF16_HPP
