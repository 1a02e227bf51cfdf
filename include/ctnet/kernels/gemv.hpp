// gemv: one row through a dense layer's kernel, y = x W, on weights laid out once for inference (padded rows).
#ifndef CTNET_BODY_KERNELS_GEMV_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_GEMV_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>
#include <utility>

#include <ctnet/kernels/detail/gemm_plan.hpp>

#if CTNET_HAS_AVX512 || CTNET_HAS_AVX2_FMA
#include <immintrin.h>
#endif

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

/// Row length of a kernel in the padded layout: N rounded up to whole 16-float vectors.
template <std::size_t N>
inline constexpr std::size_t padded_width = detail::ceil_div(N, detail::vector_width) * detail::vector_width;

/// out (K x padded_width<N>, 64-byte aligned) = W (K x N, Keras's kernel layout), each row padded with
/// zeros to whole vectors: every row starts on a cache line and a vector load never straddles two.
/// A predictor lays its kernels out so once, instead of packing them in every call (gemm_nn does).
template <std::size_t K, std::size_t N>
void pad_weights(const float* w, float* out) noexcept
{
    constexpr std::size_t ld = padded_width<N>;
    for (std::size_t p = 0; p < K; ++p)
        for (std::size_t j = 0; j < ld; ++j) out[p * ld + j] = j < N ? w[p * N + j] : 0.0f;
}

namespace detail {

#if CTNET_HAS_AVX512
/// y[16 G0, 16 (G0 + G)) of x W for a padded W: G accumulators, one per vector, all in registers, so
/// that one row keeps the FMA units busy (the GEMM micro-kernel, given one row, has at most 4 chains).
template <std::size_t K, std::size_t N, std::size_t G0, std::size_t G>
inline void gemv_group(const float* __restrict x, const float* __restrict w, float* __restrict y) noexcept
{
    constexpr std::size_t ld = padded_width<N>;
    __m512 acc[G];
#pragma GCC unroll 32
    for (std::size_t v = 0; v < G; ++v) acc[v] = _mm512_setzero_ps();
    for (std::size_t p = 0; p < K; ++p) {
        const __m512 xv = _mm512_set1_ps(x[p]);
        const float* row = w + p * ld + 16 * G0;
#pragma GCC unroll 32
        for (std::size_t v = 0; v < G; ++v) acc[v] = _mm512_fmadd_ps(xv, _mm512_load_ps(row + 16 * v), acc[v]);
    }
#pragma GCC unroll 32
    for (std::size_t v = 0; v < G; ++v) {
        const std::size_t at = 16 * (G0 + v);
        if (at + 16 <= N) _mm512_storeu_ps(y + at, acc[v]);
        else _mm512_mask_storeu_ps(y + at, static_cast<__mmask16>((1u << (N - at)) - 1u), acc[v]);  // N's last vector
    }
}
inline constexpr std::size_t gemv_group_vectors = 24;  // of 32 zmm registers: accumulators, the rest x and loads
#elif CTNET_HAS_AVX2_FMA
/// As the AVX-512 gemv_group, in 8-float ymm registers: G of them.
template <std::size_t K, std::size_t N, std::size_t G0, std::size_t G>
inline void gemv_group(const float* __restrict x, const float* __restrict w, float* __restrict y) noexcept
{
    constexpr std::size_t ld = padded_width<N>;
    __m256 acc[G];
#pragma GCC unroll 16
    for (std::size_t v = 0; v < G; ++v) acc[v] = _mm256_setzero_ps();
    for (std::size_t p = 0; p < K; ++p) {
        const __m256 xv = _mm256_broadcast_ss(x + p);
        const float* row = w + p * ld + 8 * G0;
#pragma GCC unroll 16
        for (std::size_t v = 0; v < G; ++v) acc[v] = _mm256_fmadd_ps(xv, _mm256_load_ps(row + 8 * v), acc[v]);
    }
    alignas(32) float t[8];
#pragma GCC unroll 16
    for (std::size_t v = 0; v < G; ++v) {
        const std::size_t at = 8 * (G0 + v);
        if (at + 8 <= N) _mm256_storeu_ps(y + at, acc[v]);
        else {
            _mm256_store_ps(t, acc[v]);
            for (std::size_t j = at; j < N; ++j) y[j] = t[j - at];
        }
    }
}
inline constexpr std::size_t gemv_group_vectors = 12;  // of 16 ymm registers
#else
/// The portable form: a block of G columns, accumulated in a local array the compiler keeps in vector
/// registers, as `acc += x * w` (the portable micro-kernel's arithmetic).
template <std::size_t K, std::size_t N, std::size_t G0, std::size_t G>
inline void gemv_group(const float* __restrict x, const float* __restrict w, float* __restrict y) noexcept
{
    constexpr std::size_t ld = padded_width<N>;
    float acc[G];
    for (std::size_t j = 0; j < G; ++j) acc[j] = 0.0f;
    for (std::size_t p = 0; p < K; ++p) {
        const float xp = x[p];
        const float* row = w + p * ld + G0;
        for (std::size_t j = 0; j < G; ++j) acc[j] += xp * row[j];
    }
    for (std::size_t j = 0; j < G && G0 + j < N; ++j) y[G0 + j] = acc[j];
}
inline constexpr std::size_t gemv_group_vectors = 32;  // floats (the group counts columns here)
#endif

// The width of one gemv_group step: a 16-float vector (AVX-512), an 8-float ymm (AVX2), a column (portable).
#if CTNET_HAS_AVX512
inline constexpr std::size_t gemv_lanes = 16;
#elif CTNET_HAS_AVX2_FMA
inline constexpr std::size_t gemv_lanes = 8;
#else
inline constexpr std::size_t gemv_lanes = 1;
#endif

template <std::size_t K, std::size_t N, std::size_t... Gi>
inline void gemv_groups(std::index_sequence<Gi...>, const float* x, const float* w, float* y) noexcept
{
    constexpr std::size_t units = ceil_div(N, gemv_lanes);  // vectors (or columns) of y
    constexpr std::size_t groups = sizeof...(Gi);
    // Balanced groups: the first units % groups have one unit more.
    constexpr auto first = [](std::size_t g) { return g * (units / groups) + (g < units % groups ? g : units % groups); };
    (gemv_group<K, N, first(Gi), first(Gi + 1) - first(Gi)>(x, w, y), ...);
}

} // namespace detail

/// y (N floats) = x (K floats) W, W in the padded layout (pad_weights, 64-byte aligned). Each element of y
/// is one multiply-add chain over ascending p started from 0, as in the GEMM micro-kernel (fused on the
/// AVX-512 and AVX2 paths, `acc += x * w` on the portable one), so a row's result is bitwise what
/// gemm_nn gives that row in any batch. y must not overlap x or W.
template <std::size_t K, std::size_t N>
void gemv_padded(const float* x, const float* w, float* y) noexcept
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemv_padded: K and N must be positive");
    constexpr std::size_t units = detail::ceil_div(N, detail::gemv_lanes);
    constexpr std::size_t groups = detail::ceil_div(units, detail::gemv_group_vectors);
    detail::gemv_groups<K, N>(std::make_index_sequence<groups>{}, x, w, y);
}

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_GEMV_HPP
