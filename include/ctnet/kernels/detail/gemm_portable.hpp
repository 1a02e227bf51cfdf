// Portable (no intrinsics) micro-kernel and packs for ctnet's GEMMs, compiled only without __AVX512F__;
// with AVX2 and FMA the micro-kernel is gemm_avx2.hpp's and only the packs are these.
#ifndef CTNET_BODY_KERNELS_DETAIL_GEMM_PORTABLE_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_GEMM_PORTABLE_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#if !CTNET_HAS_AVX512

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

#if !CTNET_HAS_AVX2_FMA
/// Same contract as the AVX-512 micro-kernel: C tile (Rows x cols) (=|+=) sum over ascending p of
/// A(r, p) * B(p, j). Plain loops whose innermost loop runs along j over contiguous B and an accumulator
/// row, so the compiler vectorises it (AVX2 with -march=x86-64-v3, SSE2 on generic x86-64).
template <std::size_t Rows, std::size_t NV, std::size_t Tail, std::size_t AR, std::size_t AP, std::size_t BP,
          std::size_t LDC>
inline void micro_kernel(std::size_t inner, const float* __restrict a, const float* __restrict b,
                                  float* __restrict c, bool load_c) noexcept
{
    constexpr std::size_t cols = (NV - 1) * 16 + Tail;
    alignas(64) float acc[Rows][cols];
    for (std::size_t r = 0; r < Rows; ++r)
        for (std::size_t j = 0; j < cols; ++j)
            acc[r][j] = load_c ? c[r * LDC + j] : 0.0f;
    for (std::size_t p = 0; p < inner; ++p) {
        const float* brow = b + p * BP;
        for (std::size_t r = 0; r < Rows; ++r) {
            const float av = a[r * AR + p * AP];
            for (std::size_t j = 0; j < cols; ++j)
                acc[r][j] += av * brow[j];
        }
    }
    for (std::size_t r = 0; r < Rows; ++r)
        for (std::size_t j = 0; j < cols; ++j)
            c[r * LDC + j] = acc[r][j];
}
#endif

/// buf[p * LDB + j] = src[j * LD + p] for j < cols, p < depth (the NT case's B^T panel).
template <std::size_t LD, std::size_t LDB>
inline void pack_transposed(const float* __restrict src, std::size_t cols, std::size_t depth,
                                     float* __restrict buf) noexcept
{
    // Blocks of 16 x 16 keep both the reads and the writes within a few cache lines.
    for (std::size_t j0 = 0; j0 < cols; j0 += 16)
        for (std::size_t p0 = 0; p0 < depth; p0 += 16)
            for (std::size_t j = j0; j < cols && j < j0 + 16; ++j)
                for (std::size_t p = p0; p < depth && p < p0 + 16; ++p)
                    buf[p * LDB + j] = src[j * LD + p];
}

/// buf[p * LDB + j] = src[p * LD + j] for j < cols, p < depth; zero for cols <= j < LDB.
template <std::size_t LD, std::size_t LDB>
inline void pack_rows(const float* __restrict src, std::size_t cols, std::size_t depth,
                               float* __restrict buf) noexcept
{
    for (std::size_t p = 0; p < depth; ++p)
        for (std::size_t j = 0; j < LDB; ++j)
            buf[p * LDB + j] = j < cols ? src[p * LD + j] : 0.0f;
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif

#endif // CTNET_BODY_KERNELS_DETAIL_GEMM_PORTABLE_HPP
