// split_rows: runs a row-wise pass on one or two threads, rows split in two contiguous halves.
#pragma once

#include <cstddef>

#include <ctnet/kernels/thread_pool.hpp>

namespace ctnet::detail {

/// Calls f(r0, r1) over [0, rows): once, or (a pool of two or more threads and at least
/// `min_elements` floats of work) as [0, rows/2) and [rows/2, rows) on two threads. For passes
/// whose rows are independent and whose random draws are keyed by the row number (rrelu's
/// slopes, alpha dropout's mask), so the result does not depend on the split.
template <class F>
void split_rows(kernels::thread_pool* pool, std::size_t rows, std::size_t cols, F&& f,
                std::size_t min_elements = 4096) {
    if (pool != nullptr && pool->size() >= 2 && rows >= 2 && rows * cols >= min_elements) {
        pool->parallel_for(2, [&](std::size_t t) { f(t * rows / 2, (t + 1) * rows / 2); });
        return;
    }
    f(std::size_t{0}, rows);
}

} // namespace ctnet::detail
