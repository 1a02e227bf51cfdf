// Elementwise kernel of the identity activation (Keras "linear"), for uniform handling by the planner.
#ifndef CTNET_BODY_KERNELS_LINEAR_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_LINEAR_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = z, dz = dy. Reads neither z nor y in backward, so the planner keeps no buffer for it.
struct linear {
    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        if (z == y) return;
        for (std::size_t i = 0; i < n; ++i) y[i] = z[i];
    }
    void backward(const float*, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        if (dy == dz) return;
        for (std::size_t i = 0; i < n; ++i) dz[i] = dy[i];
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_LINEAR_HPP
