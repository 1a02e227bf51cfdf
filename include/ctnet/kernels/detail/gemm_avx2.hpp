// AVX2 + FMA register-blocked micro-kernel for ctnet's GEMMs (compiled only with __AVX2__ and __FMA__
// and without __AVX512F__; the packs stay the portable ones, gemm_portable.hpp).
//
// The blocking (gemm_plan.hpp) is the AVX-512 path's: tiles of up to 16 rows by 1 to 4 vectors of 16
// floats, sized for 32 zmm registers. An AVX2 core has 16 ymm registers of 8 floats, so the portable
// micro-kernel, given an 8 x 48 tile, kept 48 ymm accumulators in memory and ran at about a third of
// the FMA peak. This kernel computes the same tile in register blocks of at most 6 rows by one
// 16-float vector (12 accumulators, 2 B registers and the broadcast A value), one block after another.
#ifndef CTNET_BODY_KERNELS_DETAIL_GEMM_AVX2_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_GEMM_AVX2_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#if CTNET_HAS_AVX2_FMA && !CTNET_HAS_AVX512

#include <cstddef>
#include <immintrin.h>
#include <utility>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

namespace avx2 {

/// Rows of one register block: 6 rows x 2 ymm = 12 accumulators.
inline constexpr std::size_t block_rows = 6;

/// The first N (0 to 8) lanes of a ymm register, as maskload/maskstore take them.
template <std::size_t N>
inline __m256i first_lanes() noexcept
{
    static_assert(N <= 8);
    return _mm256_setr_epi32(N > 0 ? -1 : 0, N > 1 ? -1 : 0, N > 2 ? -1 : 0, N > 3 ? -1 : 0, N > 4 ? -1 : 0,
                             N > 5 ? -1 : 0, N > 6 ? -1 : 0, N > 7 ? -1 : 0);
}

/// Loads/stores the first N (1 to 8) floats of a ymm register at p; N = 8 needs no mask.
template <std::size_t N>
inline __m256 load(const float* p) noexcept
{
    if constexpr (N == 8) return _mm256_loadu_ps(p);
    else return _mm256_maskload_ps(p, first_lanes<N>());
}
template <std::size_t N>
inline void store(float* p, __m256 v) noexcept
{
    if constexpr (N == 8) _mm256_storeu_ps(p, v);
    else _mm256_maskstore_ps(p, first_lanes<N>(), v);
}

/// The C block (RB rows x Lanes columns, Lanes <= 16, one vector of the tile) (=|+=) sum over ascending
/// p of A(r, p) * B(p, j): one fused multiply-add chain per element, as the AVX-512 kernel computes it.
/// Lanes past the vector's valid ones are neither computed nor stored (C has no such columns).
template <std::size_t RB, std::size_t Lanes, std::size_t AR, std::size_t AP, std::size_t BP, std::size_t LDC>
inline void block(std::size_t inner, const float* __restrict a, const float* __restrict b, float* __restrict c,
                  bool load_c) noexcept
{
    constexpr std::size_t Y = Lanes > 8 ? 2 : 1;            // ymm registers per row
    constexpr std::size_t last = Lanes > 8 ? Lanes - 8 : Lanes;  // valid lanes of the row's last register
    __m256 acc[RB][Y];
#pragma GCC unroll 8
    for (std::size_t r = 0; r < RB; ++r)
#pragma GCC unroll 2
        for (std::size_t y = 0; y < Y; ++y)
            acc[r][y] = !load_c ? _mm256_setzero_ps()
                        : y + 1 == Y ? load<last>(c + r * LDC + 8 * y)
                                     : _mm256_loadu_ps(c + r * LDC + 8 * y);
    for (std::size_t p = 0; p < inner; ++p) {
        // A walked down its columns (the TN case) defeats the hardware prefetchers: fetch ahead.
        if constexpr (AR == 1 && AP >= 64) __builtin_prefetch(a + (p + 16) * AP);
        __m256 bv[Y];
#pragma GCC unroll 2
        for (std::size_t y = 0; y < Y; ++y) bv[y] = _mm256_loadu_ps(b + p * BP + 8 * y);
#pragma GCC unroll 8
        for (std::size_t r = 0; r < RB; ++r) {
            const __m256 av = _mm256_broadcast_ss(a + r * AR + p * AP);
#pragma GCC unroll 2
            for (std::size_t y = 0; y < Y; ++y) acc[r][y] = _mm256_fmadd_ps(av, bv[y], acc[r][y]);
        }
    }
#pragma GCC unroll 8
    for (std::size_t r = 0; r < RB; ++r)
#pragma GCC unroll 2
        for (std::size_t y = 0; y < Y; ++y) {
            if (y + 1 == Y) store<last>(c + r * LDC + 8 * y, acc[r][y]);
            else _mm256_storeu_ps(c + r * LDC + 8 * y, acc[r][y]);
        }
}

/// Every register block of one 16-float vector of the tile: Rows / block_rows full blocks, then the rest.
template <std::size_t Rows, std::size_t Lanes, std::size_t AR, std::size_t AP, std::size_t BP, std::size_t LDC,
          std::size_t... G>
inline void vector_column(std::index_sequence<G...>, std::size_t inner, const float* a, const float* b, float* c,
                          bool load_c) noexcept
{
    (block<block_rows, Lanes, AR, AP, BP, LDC>(inner, a + G * block_rows * AR, b, c + G * block_rows * LDC, load_c),
     ...);
    constexpr std::size_t rest = Rows % block_rows, done = Rows - rest;
    if constexpr (rest != 0) block<rest, Lanes, AR, AP, BP, LDC>(inner, a + done * AR, b, c + done * LDC, load_c);
}

template <std::size_t Rows, std::size_t NV, std::size_t Tail, std::size_t AR, std::size_t AP, std::size_t BP,
          std::size_t LDC, std::size_t... V>
inline void tile(std::index_sequence<V...>, std::size_t inner, const float* a, const float* b, float* c,
                 bool load_c) noexcept
{
    (vector_column<Rows, V + 1 == NV ? Tail : 16, AR, AP, BP, LDC>(std::make_index_sequence<Rows / block_rows>{},
                                                                  inner, a, b + 16 * V, c + 16 * V, load_c),
     ...);
}

} // namespace avx2

/// C tile (Rows x NV vectors of 16) (=|+=) sum over p of A(r, p) * B(p, :), the contract of the AVX-512
/// micro-kernel (gemm_avx512.hpp): A(r, p) = a[r*AR + p*AP], B(p, j) = b[p*BP + j] a packed, zero-padded
/// panel, C(r, j) = c[r*LDC + j] with only the last vector of a row partial (`Tail` lanes). Each element
/// of C is one fused multiply-add chain in ascending p, so no result depends on the blocking or thread.
template <std::size_t Rows, std::size_t NV, std::size_t Tail, std::size_t AR, std::size_t AP, std::size_t BP,
          std::size_t LDC>
inline void micro_kernel(std::size_t inner, const float* __restrict a, const float* __restrict b,
                         float* __restrict c, bool load_c) noexcept
{
    static_assert(Rows >= 1 && NV >= 1 && Tail >= 1 && Tail <= 16);
    avx2::tile<Rows, NV, Tail, AR, AP, BP, LDC>(std::make_index_sequence<NV>{}, inner, a, b, c, load_c);
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif

#endif // CTNET_BODY_KERNELS_DETAIL_GEMM_AVX2_HPP
