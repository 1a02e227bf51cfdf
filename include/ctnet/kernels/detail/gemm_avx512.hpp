// AVX-512 register-blocked micro-kernel and transposing pack for ctnet's GEMMs (compiled only with __AVX512F__).
#ifndef CTNET_BODY_KERNELS_DETAIL_GEMM_AVX512_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_GEMM_AVX512_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#if CTNET_HAS_AVX512

#include <cstddef>
#include <immintrin.h>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

/// How many steps of the sum ahead the micro-kernel prefetches A when A is walked down its columns.
inline constexpr std::size_t prefetch_ahead = 16;

/// C tile (Rows x NV vectors) (=|+=) sum over p of A(r, p) * B(p, :), with A(r, p) = a[r*AR + p*AP],
/// B(p, j) = b[p*BP + j], C(r, j) = c[r*LDC + j]. Each element of C is one fused multiply-add chain in
/// ascending p, started from 0 or from C: that order is the same whatever the blocking or the thread, so
/// results never depend on how the work was split. B is a packed panel (rows of whole vectors, zero-
/// padded: pack_rows, pack_transposed); in C only the last vector of a row is partial (`Tail` lanes),
/// loaded and stored under a compile-time mask, never padded.
template <std::size_t Rows, std::size_t NV, std::size_t Tail, std::size_t AR, std::size_t AP, std::size_t BP,
          std::size_t LDC>
inline void micro_kernel(std::size_t inner, const float* __restrict a, const float* __restrict b,
                         float* __restrict c, bool load_c) noexcept
{
    static_assert(Rows >= 1 && NV >= 1 && Tail >= 1 && Tail <= 16);
    constexpr auto tail_mask = static_cast<__mmask16>((1u << Tail) - 1u);
    constexpr bool partial = Tail < 16;
    __m512 acc[Rows][NV];
    if (load_c) {
#pragma GCC unroll 32
        for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
            for (std::size_t v = 0; v < NV; ++v)
                acc[r][v] = (partial && v + 1 == NV) ? _mm512_maskz_loadu_ps(tail_mask, c + r * LDC + 16 * v)
                                                     : _mm512_loadu_ps(c + r * LDC + 16 * v);
    } else {
#pragma GCC unroll 32
        for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
            for (std::size_t v = 0; v < NV; ++v)
                acc[r][v] = _mm512_setzero_ps();
    }
    for (std::size_t p = 0; p < inner; ++p) {
        // A walked down its columns (the TN case: a tile's Rows values of one p share a line, the
        // next p is a row of the batch further on) defeats the hardware prefetchers: fetch ahead.
        if constexpr (AR == 1 && AP >= 64) __builtin_prefetch(a + (p + prefetch_ahead) * AP);
        __m512 bv[NV];
#pragma GCC unroll 8
        for (std::size_t v = 0; v < NV; ++v)
            bv[v] = _mm512_loadu_ps(b + p * BP + 16 * v);
#pragma GCC unroll 32
        for (std::size_t r = 0; r < Rows; ++r) {
            const __m512 av = _mm512_set1_ps(a[r * AR + p * AP]);
#pragma GCC unroll 8
            for (std::size_t v = 0; v < NV; ++v)
                acc[r][v] = _mm512_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
#pragma GCC unroll 32
    for (std::size_t r = 0; r < Rows; ++r)
#pragma GCC unroll 8
        for (std::size_t v = 0; v < NV; ++v) {
            if (partial && v + 1 == NV)
                _mm512_mask_storeu_ps(c + r * LDC + 16 * v, tail_mask, acc[r][v]);
            else
                _mm512_storeu_ps(c + r * LDC + 16 * v, acc[r][v]);
        }
}

/// In-register transpose of a 16 x 16 block (three shuffle stages, 64 shuffles).
inline void transpose16(__m512 (&r)[16]) noexcept
{
    // The zero-masked forms with full masks compile to the plain instructions; the plain intrinsics of
    // GCC 12 start from _mm512_undefined_ps() and trip -Wmaybe-uninitialized when inlined (GCC PR 105593).
    constexpr __mmask16 all = 0xFFFF;
    constexpr __mmask8 all8 = 0xFF;
    __m512 t[16];
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_maskz_unpacklo_ps(all, r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_maskz_unpackhi_ps(all, r[2 * i], r[2 * i + 1]);
    }
    for (int g = 0; g < 4; ++g) {
        const __m512d t0 = _mm512_castps_pd(t[4 * g]), t1 = _mm512_castps_pd(t[4 * g + 1]);
        const __m512d t2 = _mm512_castps_pd(t[4 * g + 2]), t3 = _mm512_castps_pd(t[4 * g + 3]);
        r[4 * g] = _mm512_castpd_ps(_mm512_maskz_unpacklo_pd(all8, t0, t2));
        r[4 * g + 1] = _mm512_castpd_ps(_mm512_maskz_unpackhi_pd(all8, t0, t2));
        r[4 * g + 2] = _mm512_castpd_ps(_mm512_maskz_unpacklo_pd(all8, t1, t3));
        r[4 * g + 3] = _mm512_castpd_ps(_mm512_maskz_unpackhi_pd(all8, t1, t3));
    }
    // Now lane L of r[4g + q] holds rows 4g..4g+3 of column 4L + q.
    for (int q = 0; q < 4; ++q) {
        const __m512 u0 = _mm512_maskz_shuffle_f32x4(all, r[q], r[4 + q], 0x88);
        const __m512 u1 = _mm512_maskz_shuffle_f32x4(all, r[8 + q], r[12 + q], 0x88);
        const __m512 w0 = _mm512_maskz_shuffle_f32x4(all, r[q], r[4 + q], 0xdd);
        const __m512 w1 = _mm512_maskz_shuffle_f32x4(all, r[8 + q], r[12 + q], 0xdd);
        t[q] = _mm512_maskz_shuffle_f32x4(all, u0, u1, 0x88);
        t[8 + q] = _mm512_maskz_shuffle_f32x4(all, u0, u1, 0xdd);
        t[4 + q] = _mm512_maskz_shuffle_f32x4(all, w0, w1, 0x88);
        t[12 + q] = _mm512_maskz_shuffle_f32x4(all, w0, w1, 0xdd);
    }
    for (int i = 0; i < 16; ++i)
        r[i] = t[i];
}

/// buf[p * LDB + j] = src[j * LD + p] for j < cols, p < depth; zero for cols <= j < 16 * ceil(cols / 16).
/// This turns rows of W (the NT case) into the vector-along-output layout the micro-kernel reads.
template <std::size_t LD, std::size_t LDB>
inline void pack_transposed(const float* __restrict src, std::size_t cols, std::size_t depth,
                            float* __restrict buf) noexcept
{
    __m512 r[16];
    for (std::size_t j0 = 0; j0 < cols; j0 += 16) {
        const std::size_t nj = cols - j0 < 16 ? cols - j0 : 16;
        for (std::size_t p0 = 0; p0 < depth; p0 += 16) {
            const std::size_t np = depth - p0 < 16 ? depth - p0 : 16;
            const auto pmask = static_cast<__mmask16>((1u << np) - 1u);
            for (std::size_t j = 0; j < 16; ++j)
                r[j] = j < nj ? _mm512_maskz_loadu_ps(pmask, src + (j0 + j) * LD + p0) : _mm512_setzero_ps();
            transpose16(r);
            for (std::size_t p = 0; p < np; ++p)
                _mm512_store_ps(buf + (p0 + p) * LDB + j0, r[p]);
        }
    }
}

/// buf[p * LDB + j] = src[p * LD + j] for j < cols, p < depth; zero for cols <= j < LDB (LDB a multiple of
/// 16 and at least cols): a panel of B with rows of whole, aligned vectors.
template <std::size_t LD, std::size_t LDB>
inline void pack_rows(const float* __restrict src, std::size_t cols, std::size_t depth, float* __restrict buf) noexcept
{
    static_assert(LDB % 16 == 0);
    for (std::size_t p = 0; p < depth; ++p)
        for (std::size_t j = 0; j < LDB; j += 16) {
            const std::size_t n = j < cols ? (cols - j < 16 ? cols - j : 16) : 0;
            const auto mask = static_cast<__mmask16>((1u << n) - 1u);
            _mm512_store_ps(buf + p * LDB + j, _mm512_maskz_loadu_ps(mask, src + p * LD + j));
        }
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif

#endif // CTNET_BODY_KERNELS_DETAIL_GEMM_AVX512_HPP
