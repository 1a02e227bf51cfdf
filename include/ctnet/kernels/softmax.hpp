// Row-wise softmax kernel (rows of a batch-major matrix) with a general backward.
#ifndef CTNET_BODY_KERNELS_SOFTMAX_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SOFTMAX_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>
#include <limits>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// y = exp(z - max z) / sum exp(z - max z) along each row of `row_length` floats (Keras axis -1);
// n must be a multiple of row_length. Subtracting the row maximum keeps every exp in (0, 1], so
// logits of any finite size work. The backward is the vector-Jacobian product for an arbitrary
// upstream gradient, dz = y (dy - sum(dy y)) per row, and reads y only; training with
// cross-entropy does not call it (the fused p - y path does). Sums run in a fixed order, so a
// row's result does not depend on the thread or batch that computes it.
struct softmax {
    std::size_t row_length;

    static constexpr bool backward_reads_input = false;
    static constexpr bool backward_reads_output = true;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        const std::size_t c = row_length;
        for (std::size_t r = 0; r + c <= n; r += c) forward_row(z + r, y + r, c);
    }
    void backward(const float*, const float* y, const float* dy, float* dz, std::size_t n) const noexcept {
        const std::size_t c = row_length;
        for (std::size_t r = 0; r + c <= n; r += c) backward_row(y + r, dy + r, dz + r, c);
    }

private:
    static void forward_row(const float* z, float* y, std::size_t c) noexcept {
#if CTNET_HAS_AVX512
        using namespace detail;
        constexpr float neg_inf = -std::numeric_limits<float>::infinity();
        vf16 mx = broadcast(vf16{}, neg_inf);
        for (std::size_t i = 0; i < c; i += 16) mx = max_lanes(mx, load_or(z + i, tail_mask(c - i), neg_inf));
        const float m = reduce_max(mx);
        vf16 acc = broadcast(vf16{}, 0.0f);
        for (std::size_t i = 0; i < c; i += 16) {
            const m16 k = tail_mask(c - i);
            const vf16 e = exp_f(load_or(z + i, k, m) - m);
            store(y + i, e, k);
            acc = acc + select(k, e, 0.0f);
        }
        const float s = reduce_add(acc);
        for (std::size_t i = 0; i < c; i += 16) {
            const m16 k = tail_mask(c - i);
            store(y + i, load(y + i, k) / s, k);
        }
#else
        float m = z[0];
        for (std::size_t i = 1; i < c; ++i) m = z[i] > m ? z[i] : m;
        detail::map_lanes(c, y, [m](float v) { return detail::exp_f(v - m); }, z);
        float s = 0.0f;
        for (std::size_t i = 0; i < c; ++i) s += y[i];
        detail::map_lanes(c, y, [s](float v) { return v / s; }, y);
#endif
    }
    static void backward_row(const float* y, const float* dy, float* dz, std::size_t c) noexcept {
#if CTNET_HAS_AVX512
        using namespace detail;
        vf16 acc = broadcast(vf16{}, 0.0f);
        for (std::size_t i = 0; i < c; i += 16) {
            const m16 k = tail_mask(c - i);
            acc = madd(load(y + i, k), load(dy + i, k), acc);
        }
        const float s = reduce_add(acc);
        map_lanes(c, dz, [s](auto yv, auto g) { return yv * (g - s); }, y, dy);
#else
        float s = 0.0f;
        for (std::size_t i = 0; i < c; ++i) s += y[i] * dy[i];
        detail::map_lanes(c, dz, [s](float yv, float g) { return yv * (g - s); }, y, dy);
#endif
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SOFTMAX_HPP
