// Loop nest shared by ctnet's three GEMMs: column panels split across threads, row tiles, micro-kernel, epilogue.
#ifndef CTNET_BODY_KERNELS_DETAIL_GEMM_DRIVER_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_GEMM_DRIVER_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctnet/kernels/detail/gemm_plan.hpp>
#include <ctnet/kernels/thread_pool.hpp>

// Both define detail::micro_kernel, pack_transposed and pack_rows with the same signatures; with AVX2
// and FMA (no AVX-512) the micro-kernel is gemm_avx2.hpp's, the packs the portable ones.
#if CTNET_HAS_AVX512
#include <ctnet/kernels/detail/gemm_avx512.hpp>
#else
#include <ctnet/kernels/detail/gemm_avx2.hpp>
#include <ctnet/kernels/detail/gemm_portable.hpp>
#endif

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

/// Below this many flops (2 m K N) a GEMM stays on the calling thread: measured on the 2-core Zen 5 VM
/// with benchmarks/gemm_bench.cpp, a split GEMM gains only above about this size (docs/kernels.md).
inline constexpr std::size_t parallel_min_flops = 1'000'000;

/// Depth of one packed block of B (B^T in the NT case): 256 x 64 floats = 64 KiB of stack per thread.
inline constexpr std::size_t pack_depth_max = 256;

/// B exactly as stored (the plain GEMM).
struct plain_rows {};

/// B's row p scaled by scale[p] as it is packed, and shift_sum[j] = sum over ascending p of
/// shift[p] * B(p, j) gathered from the same packed blocks (a per-column chain in a fixed order, on
/// the thread owning the column, complete before a panel's first epilogue call). For a dense after a
/// batch norm y = gamma x_hat + beta: y W = x_hat (gamma W) + beta W, with no y in memory.
struct scaled_rows {
    const float* scale;
    const float* shift;
    float* shift_sum;

    template <std::size_t LDB>
    void apply(float* __restrict buf, std::size_t p0, std::size_t depth, std::size_t col, std::size_t cols) const noexcept
    {
        float* __restrict sums = shift_sum + col;
        if (p0 == 0)
            for (std::size_t j = 0; j < cols; ++j) sums[j] = 0.0f;
        for (std::size_t p = 0; p < depth; ++p) {
            const float sc = scale[p0 + p], sh = shift[p0 + p];
            float* __restrict row = buf + p * LDB;
            for (std::size_t j = 0; j < cols; ++j) {
                sums[j] += sh * row[j];
                row[j] *= sc;
            }
        }
    }
};

/// B laid out once with rows of whole vectors (kernels::pad_weights: K rows of ceil(N / 16) * 16 floats,
/// 64-byte aligned): the micro-kernel reads it in place, with no pack, over the whole sum in one block.
struct padded_rows {};

/// Runs run(panel_begin, panel_end) on one thread, or on consecutive panel ranges on the pool's threads.
/// Which thread runs a panel never changes a result: each element is one chain in a fixed order.
template <std::size_t NP, class Run>
inline void split_panels(const std::array<panel_info, NP>& panels, std::size_t flops, thread_pool* pool, Run&& run)
{
    std::size_t n_threads = 1;
    if (pool != nullptr && NP > 1 && flops >= parallel_min_flops)
        n_threads = std::min(pool->size(), NP);
    if (n_threads <= 1) {
        run(std::size_t{0}, NP);
        return;
    }
    pool->parallel_for(n_threads, [&](std::size_t t) {
        run(panel_split(panels, t, n_threads), panel_split(panels, t + 1, n_threads));
    });
}

/// Calls the micro-kernel instance for a tile of `nr` rows (1 <= nr <= sizeof...(R)).
template <std::size_t NV, std::size_t Tail, std::size_t AR, std::size_t AP, std::size_t BP, std::size_t LDC,
          std::size_t... R>
inline void run_tile_rows(std::index_sequence<R...>, std::size_t nr, std::size_t inner, const float* a,
                          const float* b, float* c, bool load_c) noexcept
{
    (void)((nr == R + 1 ? (micro_kernel<R + 1, NV, Tail, AR, AP, BP, LDC>(inner, a, b, c, load_c), true)
                        : false) ||
           ...);
}

/// C(rows x Cols) (=|+=) sum_p A(r, p) B(p, j) with A(r, p) = a[r*AR + p*AP], B(p, j) = b[p*BP + j],
/// C(r, j) = c[r*LDC + j]: the NN (forward) and TN (weight gradient) cases. Each panel of B is copied,
/// in blocks of at most pack_depth_max rows along the sum, into an aligned stack buffer whose rows are
/// whole vectors: B's own rows (300 floats, say) start off cache-line boundaries, and a vector load
/// that straddles two lines costs two. The sum is still one chain per element in ascending p (the
/// tiles of a later block start from C), so blocking changes no result.
///
/// With TileOut, a tile whose whole sum is one packed block (inner <= pack_depth_max, no
/// accumulation; C's rows at most about two thousand floats) is computed into a per-thread stack
/// buffer instead of C, and the epilogue,
/// called as epi(r0, r1, c0, c1, tile) with `tile` at element (r0, c0) and rows LDC floats apart,
/// is the only one to see it: C is not written. Otherwise `tile` points into C.
template <std::size_t Cols, std::size_t AR, std::size_t AP, std::size_t BP, std::size_t LDC, bool TileOut = false>
struct direct_gemm {
    static constexpr auto panels = make_panels<Cols>();
    static constexpr std::size_t buffer_floats = pack_depth_max * vector_width * max_panel_vectors;
    // The tile buffer holds a tile's rows at C's row stride; for rows wider than 64 KiB allows on the
    // stack (over about two thousand columns) the tiles stay in C.
    static constexpr std::size_t buffer_tile_floats = [] {
        std::size_t rows = 0;
        for (const auto& q : panels) rows = q.mr > rows ? q.mr : rows;
        return rows * LDC;
    }();
    static constexpr bool tiles_in_buffer = TileOut && buffer_tile_floats <= 16384;
    static constexpr std::size_t tile_floats = tiles_in_buffer ? buffer_tile_floats : 1;

    template <std::size_t PI, class Epi, class Rows>
    static void panel(std::size_t rows, std::size_t inner, const float* a, const float* b, float* c,
                      bool accumulate, Epi& epi, float* buf, const Rows& b_rows, [[maybe_unused]] float* tile)
    {
        constexpr panel_info P = panels[PI];
        if constexpr (std::is_same_v<Rows, padded_rows>) {
            // The same chains as below (ascending p from 0), with no block boundary to restart them at.
            constexpr std::size_t ld = ceil_div(Cols, vector_width) * vector_width;
            for_each_row_tile<P.mr>(rows, [&](std::size_t r0, std::size_t nr) {
                run_tile_rows<P.nv, P.tail, AR, AP, ld, LDC>(std::make_index_sequence<P.mr>{}, nr, inner, a + r0 * AR,
                                                             b + P.col, c + r0 * LDC + P.col, accumulate);
                epi(r0, r0 + nr, P.col, P.col + P.cols);
            });
        } else {
            constexpr std::size_t ldb = P.nv * vector_width;
            const std::size_t n_blocks = ceil_div(inner, pack_depth_max);
            std::size_t p0 = 0;
            for (std::size_t kb = 0; kb < n_blocks; ++kb) {
                const std::size_t depth = inner / n_blocks + (kb < inner % n_blocks ? 1 : 0);
                pack_rows<BP, ldb>(b + p0 * BP + P.col, P.cols, depth, buf);
                if constexpr (!std::is_same_v<Rows, plain_rows>) b_rows.template apply<ldb>(buf, p0, depth, P.col, P.cols);
                const bool last = kb + 1 == n_blocks;
                const bool in_buffer = tiles_in_buffer && n_blocks == 1 && !accumulate;
                for_each_row_tile<P.mr>(rows, [&](std::size_t r0, std::size_t nr) {
                    float* out = in_buffer ? tile + P.col : c + r0 * LDC + P.col;
                    run_tile_rows<P.nv, P.tail, AR, AP, ldb, LDC>(std::make_index_sequence<P.mr>{}, nr, depth,
                                                                         a + r0 * AR + p0 * AP, buf, out,
                                                                         accumulate || kb > 0);
                    if (last) {
                        if constexpr (TileOut) epi(r0, r0 + nr, P.col, P.col + P.cols, out);
                        else epi(r0, r0 + nr, P.col, P.col + P.cols);
                    }
                });
                p0 += depth;
            }
        }
    }

    template <class Epi, class Rows, std::size_t... PI>
    static void panels_in(std::index_sequence<PI...>, std::size_t pb, std::size_t pe, std::size_t rows,
                          std::size_t inner, const float* a, const float* b, float* c, bool accumulate, Epi& epi,
                          const Rows& b_rows)
    {
        alignas(64) float buf[buffer_floats];
        alignas(64) float tile[tile_floats];
        ((PI >= pb && PI < pe ? panel<PI>(rows, inner, a, b, c, accumulate, epi, buf, b_rows, tile) : void()), ...);
    }

    template <class Epi, class Rows = plain_rows>
    static void run(std::size_t rows, std::size_t inner, const float* a, const float* b, float* c, bool accumulate,
                    Epi& epi, thread_pool* pool, const Rows& b_rows = {})
    {
        split_panels(panels, 2 * rows * inner * Cols, pool, [&](std::size_t pb, std::size_t pe) {
            panels_in(std::make_index_sequence<panels.size()>{}, pb, pe, rows, inner, a, b, c, accumulate, epi,
                      b_rows);
        });
    }
};

/// C(rows x Cols) = A(rows x Inner) * Bt(Cols x Inner)^T: the NT (input gradient) case. Each panel of
/// B^T is packed (transposed, 16 x 16 blocks in registers) into a stack buffer, in blocks of at most
/// pack_depth_max along the sum, so the micro-kernel is the same as NN's.
template <std::size_t Cols, std::size_t Inner>
struct packed_gemm {
    static constexpr auto panels = make_panels<Cols>();
    static constexpr std::size_t n_blocks = ceil_div(Inner, pack_depth_max);
    static constexpr std::size_t buffer_floats = pack_depth_max * vector_width * max_panel_vectors;

    template <std::size_t PI, class Epi>
    static void panel(std::size_t rows, const float* a, const float* bt, float* c, Epi& epi, float* buf)
    {
        constexpr panel_info P = panels[PI];
        constexpr std::size_t ldb = P.nv * vector_width;
        std::size_t p0 = 0;
        for (std::size_t kb = 0; kb < n_blocks; ++kb) {
            const std::size_t depth = Inner / n_blocks + (kb < Inner % n_blocks ? 1 : 0);
            pack_transposed<Inner, ldb>(bt + P.col * Inner + p0, P.cols, depth, buf);
            const bool last = kb + 1 == n_blocks;
            for_each_row_tile<P.mr>(rows, [&](std::size_t r0, std::size_t nr) {
                run_tile_rows<P.nv, P.tail, Inner, 1, ldb, Cols>(std::make_index_sequence<P.mr>{}, nr,
                                                                        depth, a + r0 * Inner + p0, buf,
                                                                        c + r0 * Cols + P.col, kb > 0);
                if (last)
                    epi(r0, r0 + nr, P.col, P.col + P.cols);
            });
            p0 += depth;
        }
    }

    template <class Epi, std::size_t... PI>
    static void panels_in(std::index_sequence<PI...>, std::size_t pb, std::size_t pe, std::size_t rows,
                          const float* a, const float* bt, float* c, Epi& epi)
    {
        alignas(64) float buf[buffer_floats];
        ((PI >= pb && PI < pe ? panel<PI>(rows, a, bt, c, epi, buf) : void()), ...);
    }

    template <class Epi>
    static void run(std::size_t rows, const float* a, const float* bt, float* c, Epi& epi, thread_pool* pool)
    {
        split_panels(panels, 2 * rows * Inner * Cols, pool, [&](std::size_t pb, std::size_t pe) {
            panels_in(std::make_index_sequence<panels.size()>{}, pb, pe, rows, a, bt, c, epi);
        });
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif // CTNET_BODY_KERNELS_DETAIL_GEMM_DRIVER_HPP
