// Elementwise kernel of the identity activation (Keras "linear"), for uniform handling by the planner.
#pragma once

#include <cstddef>

namespace ctnet::kernels {

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

} // namespace ctnet::kernels
