// Keras 3 Adamax update over a block of a parameter arena, fused into the backward pass.
//
// Keras 3 optimizers/adamax.py, step t = iterations + 1 (iterations = steps already applied), all
// in float32, m and u starting at 0:
//   m += (g - m) * (1 - beta_1)
//   u = max(beta_2 * u, |g|)
//   w -= (lr * m) / ((1 - beta_1^t) * (u + epsilon))
// here as w -= (m * alpha) / (u + epsilon) with alpha = lr / (1 - beta_1^t) once per step (a
// rounding apart). u has no bias correction. PyTorch's Adamax adds eps inside the max
// (u = max(beta_2 u, |g| + eps)) and not in the division, and defaults to lr 0.002.
#ifndef CTNET_BODY_KERNELS_ADAMAX_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_ADAMAX_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct adamax {
    /// What one step's updates share, computed once per step (step_constants::of).
    struct step_constants {
        float alpha = 0.0f;  // lr / (1 - beta_1^t)
        float one_minus_beta_1 = 0.0f;
        float beta_2 = 0.0f;
        float epsilon = 0.0f;

        static step_constants of(float learning_rate, float beta_1, float beta_2, float epsilon,
                                 std::uint64_t iterations) noexcept
        {
            const float t = static_cast<float>(iterations + 1);
            return {learning_rate / (1.0f - std::pow(beta_1, t)), 1.0f - beta_1, beta_2, epsilon};
        }
    };

    /// One update of a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g, m
    /// and u (a kernel tile as the backward pass hands it on). The same columns `ahead` floats on
    /// are prefetched (0: unknown).
    static void step_block(float* w, const float* g, float* m, float* u, std::size_t rows, std::size_t cols,
                           std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0) detail::tmath::prefetch_for_write(cols, w + at + ahead, m + at + ahead, u + at + ahead);
            update_row(w + at, g + at, m + at, u + at, cols, k);
        }
    }

private:
    static void update_row(float* w, const float* g, float* m, float* u, std::size_t n,
                           const step_constants& k) noexcept
    {
        namespace t = detail::tmath;
        const t::pack alpha = t::splat(k.alpha), b1 = t::splat(k.one_minus_beta_1), b2 = t::splat(k.beta_2),
                      eps = t::splat(k.epsilon);
        auto body = [&](std::size_t i, std::size_t c) {
            auto ld = [c](const float* p) { return t::load_first(p, c); };
            auto st = [c](float* p, t::pack a) { t::store_first(p, a, c); };
            const t::pack gi = ld(g + i);
            const t::pack mi = ld(m + i);
            const t::pack m_new = mi + (gi - mi) * b1;
            // |g| second: a NaN gradient gives a NaN norm (maxps returns its second operand).
            const t::pack u_new = t::max(ld(u + i) * b2, t::abs(gi));
            st(m + i, m_new);
            st(u + i, u_new);
            st(w + i, ld(w + i) - (m_new * alpha) / (u_new + eps));
        };
        t::for_each_pack(n, body);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_ADAMAX_HPP
