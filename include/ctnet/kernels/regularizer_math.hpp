// Weight penalties (l1, l2, l1_l2), their gradients, and the max_norm constraint, over float spans.
//
// Keras (keras/src/regularizers/regularizers.py, constraints/constraints.py):
// - L1: l1 * sum |w|; L2: l2 * sum w^2 (no 1/2); L1L2: both. Each is a plain sum over the tensor,
//   added once per batch to the batch-mean data loss (not divided by the batch size).
// - gradients: l1 * sign(w) with sign(0) = 0 (the subgradient TF/JAX autodiff gives), 2 * l2 * w.
// - MaxNorm(max_value, axis=0) on a Dense kernel (K inputs x N units): each unit's column is scaled
//   by clip(n, 0, max_value) / (n + 1e-7), n its Euclidean norm; applied after each optimizer step.
// Penalty sums run in 16 float lanes over chunks of 1024 weights, each chunk added to a double:
// the same order on every ISA, and no float error growing with the tensor size.
#ifndef CTNET_BODY_KERNELS_REGULARIZER_MATH_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_REGULARIZER_MATH_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct regularizer_math {
    // Keras's epsilon in MaxNorm: w * (desired / (epsilon + norms)).
    static constexpr float max_norm_epsilon = 1e-7f;

    static double l1_penalty(const float* w, std::size_t n, float l1) noexcept
    {
        return static_cast<double>(l1) * sum_abs(w, n);
    }

    static double l2_penalty(const float* w, std::size_t n, float l2) noexcept
    {
        return static_cast<double>(l2) * sum_squares(w, n);
    }

    static double l1_l2_penalty(const float* w, std::size_t n, float l1, float l2) noexcept
    {
        return static_cast<double>(l1) * sum_abs(w, n) + static_cast<double>(l2) * sum_squares(w, n);
    }

    // g += l1 * sign(w) + 2 * l2 * w (either coefficient may be 0). g must not overlap w.
    static void add_l1_l2_gradient(const float* w, float* g, std::size_t n, float l1, float l2) noexcept
    {
#if CTNET_HAS_AVX512
        namespace t = detail::tmath;
        const t::pack a = t::splat(l1);
        const t::pack b = t::splat(2.0f * l2);
        auto update = [&](std::size_t i, std::size_t count) {
            const t::pack wi = t::load_first(w + i, count);
            const t::pack gi = t::load_first(g + i, count);
            const t::pack r = gi + (a * t::sign(wi) + b * wi);
            t::store_first(g + i, r, count);
        };
        t::for_each_pack(n, update);
#else
        // Elementwise, no reduction: a plain loop (vectorised best by compilers) gives the same values.
        plain_gradient(w, g, n, l1, 2.0f * l2);
#endif
    }

    static void add_l1_gradient(const float* w, float* g, std::size_t n, float l1) noexcept
    {
        add_l1_l2_gradient(w, g, n, l1, 0.0f);
    }

    static void add_l2_gradient(const float* w, float* g, std::size_t n, float l2) noexcept
    {
        add_l1_l2_gradient(w, g, n, 0.0f, l2);
    }

    // Keras MaxNorm(max_value, axis=0) on a (K x N) row-major kernel, in place. Column norms are
    // summed row by row in ascending order.
    template <std::size_t K, std::size_t N>
    static void max_norm(float* kernel, float max_value) noexcept
    {
        namespace t = detail::tmath;
        float factor[N];
        t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
            constexpr std::size_t count = decltype(w)::value;
            t::pack acc = t::zero();
            for (std::size_t k = 0; k < K; ++k) {
                const t::pack v = t::load_block<count>(kernel + k * N + o);
                acc = acc + v * v;
            }
            t::store_block<count>(factor + o, acc);
        });
        for (std::size_t j = 0; j < N; ++j) {
            const float norm = std::sqrt(factor[j]);
            const float desired = norm < 0.0f ? 0.0f : (norm > max_value ? max_value : norm);
            factor[j] = desired / (max_norm_epsilon + norm);
        }
        for (std::size_t k = 0; k < K; ++k) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = k * N + o;
                t::store_block<count>(kernel + at,
                                      t::load_block<count>(kernel + at) * t::load_block<count>(factor + o));
            });
        }
    }

private:
    static void plain_gradient(const float* __restrict w, float* __restrict g, std::size_t n, float l1,
                               float two_l2) noexcept
    {
        for (std::size_t i = 0; i < n; ++i) {
            const float sign = static_cast<float>(w[i] > 0.0f) - static_cast<float>(w[i] < 0.0f);
            g[i] = g[i] + (l1 * sign + two_l2 * w[i]);
        }
    }

    static double sum_abs(const float* w, std::size_t n) noexcept
    {
        namespace t = detail::tmath;
        return t::ordered_sum(n, [&](std::size_t i, std::size_t count) {
            return t::abs(t::load_first(w + i, count));
        });
    }

    static double sum_squares(const float* w, std::size_t n) noexcept
    {
        namespace t = detail::tmath;
        return t::ordered_sum(n, [&](std::size_t i, std::size_t count) {
            const t::pack v = t::load_first(w + i, count);
            return v * v;
        });
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_REGULARIZER_MATH_HPP
