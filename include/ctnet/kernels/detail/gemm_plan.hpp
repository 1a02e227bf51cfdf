// Compile-time blocking of a GEMM's output: column panels of whole 16-float vectors, balanced row tiles.
#ifndef CTNET_BODY_KERNELS_DETAIL_GEMM_PLAN_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_GEMM_PLAN_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

/// Floats in one vector register of the AVX-512 path; the portable path keeps the same blocking.
inline constexpr std::size_t vector_width = 16;

/// At most this many vectors side by side in one panel (register budget: rows x vectors accumulators).
inline constexpr std::size_t max_panel_vectors = 4;

/// Rows of C per micro-kernel call for a panel of `nv` vectors: about 24 of the 32 zmm registers hold
/// accumulators, the rest hold the B vectors of the current k and the broadcast A value.
constexpr std::size_t max_tile_rows(std::size_t nv) noexcept
{
    switch (nv) {
    case 1: return 16;
    case 2: return 12;
    case 3: return 8;
    default: return 6;
    }
}

/// A column panel of C: columns [col, col + cols) held in `nv` vectors; the last vector has `tail` valid lanes.
struct panel_info {
    std::size_t col;
    std::size_t cols;
    std::size_t nv;
    std::size_t tail;
    std::size_t mr;
};

constexpr std::size_t ceil_div(std::size_t a, std::size_t b) noexcept { return (a + b - 1) / b; }

constexpr std::size_t panel_count(std::size_t cols) noexcept
{
    const std::size_t nv = ceil_div(cols, vector_width);
    std::size_t np = ceil_div(nv, max_panel_vectors);
    // An even count lets two threads split the panels into halves of equal width.
    if (np > 1 && np % 2 == 1 && np < nv)
        ++np;
    return np;
}

/// The panels depend on the column count only (never on m or the thread count), so tile boundaries,
/// and with them everything an epilogue sees, are the same for every thread count.
template <std::size_t Cols>
constexpr auto make_panels() noexcept
{
    static_assert(Cols > 0);
    constexpr std::size_t nv = ceil_div(Cols, vector_width);
    constexpr std::size_t np = panel_count(Cols);
    std::array<panel_info, np> panels{};
    std::size_t v = 0;
    for (std::size_t i = 0; i < np; ++i) {
        const std::size_t width = nv / np + (i < nv % np ? 1 : 0);
        const std::size_t col = v * vector_width;
        const std::size_t end = (v + width) * vector_width < Cols ? (v + width) * vector_width : Cols;
        panels[i] = panel_info{col, end - col, width, end - col - (width - 1) * vector_width, max_tile_rows(width)};
        v += width;
    }
    return panels;
}

/// First panel of thread t when `n_threads` threads share the panels: boundaries balance the number of vectors.
template <std::size_t NP>
constexpr std::size_t panel_split(const std::array<panel_info, NP>& panels, std::size_t t, std::size_t n_threads) noexcept
{
    if (t == 0)
        return 0;
    if (t >= n_threads)
        return NP;
    std::size_t total = 0;
    for (const auto& p : panels)
        total += p.nv;
    const std::size_t target = t * total; // compared against cumulative * n_threads
    std::size_t best = 0, cum = 0;
    std::size_t best_err = target;
    for (std::size_t i = 0; i <= NP; ++i) {
        const std::size_t scaled = cum * n_threads;
        const std::size_t err = scaled > target ? scaled - target : target - scaled;
        if (err < best_err) {
            best_err = err;
            best = i;
        }
        if (i < NP)
            cum += panels[i].nv;
    }
    return best;
}

/// Calls f(row_begin, row_count) for balanced tiles of at most MR rows covering [0, rows), ascending.
template <std::size_t MR, class F>
inline void for_each_row_tile(std::size_t rows, F&& f)
{
    if (rows == 0)
        return;
    const std::size_t n_tiles = ceil_div(rows, MR);
    const std::size_t base = rows / n_tiles;
    const std::size_t extra = rows % n_tiles;
    std::size_t r0 = 0;
    for (std::size_t t = 0; t < n_tiles; ++t) {
        const std::size_t nr = base + (t < extra ? 1 : 0);
        f(r0, nr);
        r0 += nr;
    }
}

template <class F, std::size_t... I>
inline void dispatch_index_impl(std::size_t i, F&& f, std::index_sequence<I...>)
{
    (void)((i == I ? (f(std::integral_constant<std::size_t, I>{}), true) : false) || ...);
}

/// Calls f(std::integral_constant<std::size_t, i>{}) for a run-time i in [0, N).
template <std::size_t N, class F>
inline void dispatch_index(std::size_t i, F&& f)
{
    dispatch_index_impl(i, f, std::make_index_sequence<N>{});
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif // CTNET_BODY_KERNELS_DETAIL_GEMM_PLAN_HPP
