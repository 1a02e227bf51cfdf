// Elementwise kernel of the randomized leaky ReLU (PyTorch's RReLU; Keras has none).
#ifndef CTNET_BODY_KERNELS_RRELU_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_RRELU_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>
#include <ctnet/kernels/philox.hpp>

#include <cstddef>
#include <cstdint>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// Training: y = z if z >= 0 else a z, the slope a drawn per element uniformly in [lower, upper)
// from philox::bits(seed, stream, step, row, unit) -- so backward redraws the same slopes
// instead of storing them. Inference (forward/backward): a = (lower + upper) / 2. PyTorch's
// defaults are lower = 1/8, upper = 1/3. Requires 0 <= lower <= upper; backward reads y only
// (its sign bit says which side z was on, as in leaky_relu).
struct rrelu {
    float lower;
    float upper;

    // Where the slopes of one training step come from; rows are numbered from first_row so a
    // thread working on rows [r0, r1) draws the same slopes as a single thread.
    struct draw {
        std::uint64_t seed;
        std::uint32_t stream;
        std::uint32_t step;
        std::uint32_t first_row;
    };

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    float inference_slope() const noexcept { return (lower + upper) * 0.5f; }

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        const float a = inference_slope();
        detail::map_lanes(n, y, [a](auto v) { return detail::select(v >= 0.0f, v, v * a); }, z);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        const float a = inference_slope();
        detail::map_lanes(n, dz, [a](auto yv, auto g) { return detail::select(detail::sign_clear(yv), g, g * a); }, y, dy);
    }

    // z and y are rows x cols, batch-major.
    void forward_training(const float* z, float* y, std::size_t rows, std::size_t cols, draw d) const noexcept {
        for_slopes(rows, cols, d, [&](std::size_t off, std::size_t len, const float* a) {
            detail::map_lanes(len, y + off, [](auto v, auto s) { return detail::select(v >= 0.0f, v, v * s); }, z + off, a);
        });
    }
    void backward_training(const float* y, const float* dy, float* dz, std::size_t rows, std::size_t cols,
                           draw d) const noexcept {
        for_slopes(rows, cols, d, [&](std::size_t off, std::size_t len, const float* a) {
            detail::map_lanes(
                len, dz + off, [](auto yv, auto g, auto s) { return detail::select(detail::sign_clear(yv), g, g * s); },
                y + off, dy + off, a);
        });
    }

private:
    template <class F>
    void for_slopes(std::size_t rows, std::size_t cols, draw d, F f) const noexcept {
        philox::for_uniform_chunks(d.seed, d.stream, d.step, d.first_row, rows, cols, lower, upper, f);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_RRELU_HPP
