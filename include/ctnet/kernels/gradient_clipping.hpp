// Keras 3's gradient clipping (optimizers/base_optimizer.py, _clip_gradients), over float blocks.
//
// - clipvalue c: each element clipped to [-c, c]                       (clip_value_block)
// - clipnorm c, per tensor: g * c / max(||g||, c), ||g|| = 0 leaves g   (scale_of_norm)
// - global_clipnorm c over every tensor: g * (c * min(1 / G, 1 / c)), G the norm of all the
//   gradients together; a non-finite G makes the scale NaN, as Keras's `+ (G - G)` does.
// Norms are sums of squares in 16 float lanes over chunks added in double, in a fixed order
// (tmath::ordered_sum): the same value for any thread count. Keras sums in float32: the two agree
// to rounding. clipnorm and global_clipnorm need the whole tensor's (or every tensor's) gradient
// before any of it is updated, so the trainer runs them as a pass after the backward pass
// (docs/training.md, "Gradient clipping").
#ifndef CTNET_BODY_KERNELS_GRADIENT_CLIPPING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_GRADIENT_CLIPPING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct gradient_clipping {
    /// g clipped to [-c, c] elementwise, `rows` rows of `cols`, `stride` apart (a kernel tile).
    static void clip_value_block(float* g, std::size_t rows, std::size_t cols, std::size_t stride, float c) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            float* row = g + r * stride;
            for (std::size_t i = 0; i < cols; ++i) row[i] = std::min(std::max(row[i], -c), c);
        }
    }

    /// The sum of the squares of n floats (in double, fixed order).
    static double sum_squares(const float* g, std::size_t n) noexcept
    {
        namespace t = detail::tmath;
        return t::ordered_sum(n, [&](std::size_t i, std::size_t count) {
            const t::pack v = t::load_first(g + i, count);
            return v * v;
        });
    }

    /// clipnorm: the factor Keras's `g * c / max(norm, c)` multiplies g by, as (c, divisor): the
    /// product is formed as (g * c) / divisor to round as Keras does. A zero norm gives divisor c.
    struct norm_scale {
        float times = 1.0f;
        float divide_by = 1.0f;
    };
    static norm_scale scale_of_norm(double squares, float c) noexcept
    {
        const float norm = squares > 0.0 ? static_cast<float>(std::sqrt(squares)) : 0.0f;
        return {c, std::max(norm, c)};
    }
    static void scale_by_norm(float* g, std::size_t n, norm_scale s) noexcept
    {
        for (std::size_t i = 0; i < n; ++i) g[i] = (g[i] * s.times) / s.divide_by;
    }

    /// global_clipnorm: Keras's scale c * min(1 / G, 1 / c) + (G - G), G = sqrt(squares).
    static float global_scale(double squares, float c) noexcept
    {
        const float norm = static_cast<float>(std::sqrt(squares));
        return c * std::min(1.0f / norm, 1.0f / c) + (norm - norm);
    }
    static void scale(float* g, std::size_t n, float s) noexcept
    {
        for (std::size_t i = 0; i < n; ++i) g[i] = g[i] * s;
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_GRADIENT_CLIPPING_HPP
