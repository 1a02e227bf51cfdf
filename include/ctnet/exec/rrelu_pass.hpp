// rrelu_pass: the rrelu kernel as one pass of the executor sees it (random slopes in training, mean slope otherwise).
#ifndef CTNET_BODY_EXEC_RRELU_PASS_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_EXEC_RRELU_PASS_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>
#include <cstdint>

#include <ctnet/exec/split_rows.hpp>
#include <ctnet/kernels/rrelu.hpp>
#include <ctnet/kernels/thread_pool.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

/// The activation interface (forward(z, y, n), backward(z, y, dy, dz, n)) over whole buffers of
/// rows of `width` units, as the executor calls it. In training the slope of element (row, unit)
/// is drawn from (seed, stream, step, row, unit), so backward redraws the slopes forward used and
/// the rows may be split between threads; otherwise the slope is (lower + upper) / 2. Because a
/// slope belongs to a (row, unit), this kernel runs on whole rows, never on a GEMM tile.
struct rrelu_pass {
    kernels::rrelu kernel;
    std::size_t width = 0;
    bool training = false;
    kernels::rrelu::draw draw{};
    kernels::thread_pool* pool = nullptr;

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const {
        if (!training) return kernel.forward(z, y, n);
        split_rows(pool, n / width, width, [&](std::size_t r0, std::size_t r1) {
            kernel.forward_training(z + r0 * width, y + r0 * width, r1 - r0, width, from(r0));
        });
    }
    void backward(const float* z, const float* y, const float* dy, float* dz, std::size_t n) const {
        if (!training) return kernel.backward(z, y, dy, dz, n);
        split_rows(pool, n / width, width, [&](std::size_t r0, std::size_t r1) {
            kernel.backward_training(y + r0 * width, dy + r0 * width, dz + r0 * width, r1 - r0, width, from(r0));
        });
    }

private:
    kernels::rrelu::draw from(std::size_t row) const noexcept {
        kernels::rrelu::draw d = draw;
        d.first_row += static_cast<std::uint32_t>(row);
        return d;
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_EXEC_RRELU_PASS_HPP
