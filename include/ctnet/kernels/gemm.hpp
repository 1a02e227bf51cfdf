// ctnet's three single-precision GEMMs of a dense layer (forward NN, weight-gradient TN, input-gradient NT) with fused epilogues.
#ifndef CTNET_BODY_KERNELS_GEMM_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_GEMM_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <concepts>
#include <cstddef>
#include <type_traits>

#include <ctnet/kernels/detail/gemm_driver.hpp>
#include <ctnet/kernels/gemv.hpp>
#include <ctnet/kernels/thread_pool.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

/// The epilogue that does nothing (a plain GEMM).
struct no_epilogue {
    constexpr void operator()(std::size_t, std::size_t, std::size_t, std::size_t) const noexcept {}
};

/// A tile epilogue: `epi(row_begin, row_end, col_begin, col_end)` on a finished tile of C.
template <class E>
concept tile_epilogue = std::invocable<std::remove_reference_t<E>&, std::size_t, std::size_t, std::size_t, std::size_t>;

// Shared contract of the three functions below.
//
// Layout: row-major, no padding, leading dimension = the row length. Weights use Keras's kernel layout
// W (inputs x units) = (K x N). Only the batch m is a run-time extent; K and N are compile-time. a, b and
// c must not overlap. Nothing is allocated (the NT case packs into a 64 KiB stack buffer).
//
// Epilogue contract: C is cut into column panels (fixed by the column count alone) and each panel into
// row tiles (fixed by the column count and the row count). As soon as a tile of C is final (the whole
// sum done, Accumulate included) and still in L1, `epi(row_begin, row_end, col_begin, col_end)` is called
// on it, where it may read and rewrite C in place (bias, activation, dropout, activation derivative) and
// reduce per column (batch-norm statistics, bias gradient):
//   - every element of C is in exactly one call;
//   - for a given column range, the tiles are visited in ascending row order by one thread, so a
//     per-column reduction done in the epilogue has one fixed order whatever the thread count;
//   - tile boundaries do not depend on the thread count;
//   - calls for different column ranges may run concurrently on different threads (never two for
//     the same columns), so the epilogue must only touch state of its own columns and rows.
//
// Determinism: each element of C is one fused multiply-add chain over the sum index in ascending order
// (started from 0, or from C when accumulating). Threads split only the column panels, never a sum, so
// the result is bitwise the same for pool == nullptr, a 1-thread pool and a 2-thread pool. A GEMM of
// fewer than detail::parallel_min_flops flops stays on the calling thread.

/// The first output column of the second thread's share when two threads split a GEMM with `Cols`
/// output columns (N for gemm_nn and gemm_tn, K for gemm_nt), or 0 if such a GEMM is never split.
/// Per-column work that follows a GEMM on the same split finds its columns in its core's cache.
template <std::size_t Cols>
inline constexpr std::size_t two_thread_column_split = [] {
    constexpr auto panels = detail::make_panels<Cols>();
    if constexpr (panels.size() < 2) return std::size_t{0};
    else return panels[detail::panel_split(panels, 1, 2)].col;
}();

/// Forward: C(m x N) = A(m x K) * B(K x N), i.e. y = x W.
template <std::size_t K, std::size_t N, class Epilogue = no_epilogue>
    requires tile_epilogue<Epilogue>
void gemm_nn(std::size_t m, const float* a, const float* b, float* c, Epilogue&& epi = {},
             thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_nn: K and N must be positive");
    detail::direct_gemm<N, K, 1, N, N>::run(m, K, a, b, c, false, epi, pool);
}

/// Forward through a per-input affine map: C = A diag(scale) B, i.e. y = (x * scale) W for x in A, and
/// shift_sum[N] = shift B (= shift W), so that (x * scale + shift) W + b = C + shift_sum + b. Scaling B's
/// rows as they are packed costs nothing; the epilogue (which may add shift_sum, complete for a tile's
/// columns before the tile's call) has the contract of gemm_nn's. Used for a dense after a batch norm,
/// whose output then never needs to be stored.
template <std::size_t K, std::size_t N, class Epilogue>
    requires tile_epilogue<Epilogue>
void gemm_nn_scaled_rows(std::size_t m, const float* a, const float* b, const float* scale, const float* shift,
                         float* shift_sum, float* c, Epilogue&& epi, thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_nn_scaled_rows: K and N must be positive");
    detail::direct_gemm<N, K, 1, N, N>::run(m, K, a, b, c, false, epi, pool, detail::scaled_rows{scale, shift, shift_sum});
}

/// gemm_nn on a kernel laid out once by pad_weights<K, N> (`padded`, 64-byte aligned): no pack per call, and
/// one row (m == 1) goes through gemv_padded, whose chains are those of the micro-kernel: the same values
/// as gemm_nn on the unpadded kernel, bitwise, for every m. Epilogue as gemm_nn's (one row is one tile).
template <std::size_t K, std::size_t N, class Epilogue = no_epilogue>
    requires tile_epilogue<Epilogue>
void gemm_nn_padded(std::size_t m, const float* a, const float* padded, float* c, Epilogue&& epi = {},
                    thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_nn_padded: K and N must be positive");
    if (m == 1) {
        gemv_padded<K, N>(a, padded, c);
        epi(std::size_t{0}, std::size_t{1}, std::size_t{0}, N);
        return;
    }
    detail::direct_gemm<N, K, 1, N, N>::run(m, K, a, padded, c, false, epi, pool, detail::padded_rows{});
}

/// gemm_nn without an epilogue, on a pool.
template <std::size_t K, std::size_t N>
void gemm_nn(std::size_t m, const float* a, const float* b, float* c, thread_pool* pool)
{
    gemm_nn<K, N>(m, a, b, c, no_epilogue{}, pool);
}

/// Weight gradient: C(K x N) = A(m x K)^T * B(m x N) (or += with Accumulate), i.e. dW = x^T dy.
/// The sum runs over the batch in ascending row order.
template <std::size_t K, std::size_t N, bool Accumulate = false, class Epilogue = no_epilogue>
    requires tile_epilogue<Epilogue>
void gemm_tn(std::size_t m, const float* a, const float* b, float* c, Epilogue&& epi,
             thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_tn: K and N must be positive");
    detail::direct_gemm<N, 1, K, N, N>::run(K, m, a, b, c, Accumulate, epi, pool);
}

/// A weight-gradient epilogue that is handed the tile: `epi(row_begin, row_end, col_begin, col_end, tile)`,
/// `tile` at element (row_begin, col_begin), rows N floats apart.
template <class E>
concept tile_buffer_epilogue =
    std::invocable<std::remove_reference_t<E>&, std::size_t, std::size_t, std::size_t, std::size_t, float*>;

/// gemm_tn for a caller that consumes the weight gradient tile by tile (an optimizer updating the
/// weights inside the backward pass): when the whole sum fits one packed block (m <= 256), each
/// tile is computed into a per-thread stack buffer and handed to the epilogue there, and C is never
/// written: a K x N array less in the step's memory traffic. For a larger m, or N over about two
/// thousand (a tile buffer would pass 64 KiB of stack), the tiles are in C.
/// Same values, order and epilogue guarantees as gemm_tn.
template <std::size_t K, std::size_t N, class Epilogue>
    requires tile_buffer_epilogue<Epilogue>
void gemm_tn_tiles(std::size_t m, const float* a, const float* b, float* c, Epilogue&& epi,
                   thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_tn_tiles: K and N must be positive");
    detail::direct_gemm<N, 1, K, N, N, true>::run(K, m, a, b, c, false, epi, pool);
}

/// gemm_tn without an epilogue.
template <std::size_t K, std::size_t N, bool Accumulate = false>
void gemm_tn(std::size_t m, const float* a, const float* b, float* c, thread_pool* pool = nullptr)
{
    gemm_tn<K, N, Accumulate>(m, a, b, c, no_epilogue{}, pool);
}

/// Input gradient: C(m x K) = A(m x N) * B(K x N)^T, i.e. dx = dy W^T with W in (K x N) layout.
template <std::size_t K, std::size_t N, class Epilogue = no_epilogue>
    requires tile_epilogue<Epilogue>
void gemm_nt(std::size_t m, const float* a, const float* b, float* c, Epilogue&& epi = {},
             thread_pool* pool = nullptr)
{
    static_assert(K > 0 && N > 0, "ctnet::kernels::gemm_nt: K and N must be positive");
    detail::packed_gemm<K, N>::run(m, a, b, c, epi, pool);
}

/// gemm_nt without an epilogue, on a pool.
template <std::size_t K, std::size_t N>
void gemm_nt(std::size_t m, const float* a, const float* b, float* c, thread_pool* pool)
{
    // Qualified: the thread_pool argument would bring in another pass's gemm_nt by ADL (exec/kernel_sets.hpp).
    kernels::gemm_nt<K, N>(m, a, b, c, no_epilogue{}, pool);
}

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_GEMM_HPP
