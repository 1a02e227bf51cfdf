// Keras 3 Adam update (with amsgrad) over a block of a parameter arena, fused into the backward pass.
//
// Keras 3 optimizers/adam.py, step t = iterations + 1 (iterations = steps already applied), all in
// float32:
//   alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
//   m += (g - m) * (1 - beta_1)
//   v += (g^2 - v) * (1 - beta_2)
//   amsgrad: v_hat = max(v_hat, v), and v_hat takes v's place below
//   w -= (m * alpha) / (sqrt(v) + epsilon)
// epsilon (1e-7 by default) is added to sqrt(v) after the bias correction has been folded into
// alpha: Keras's "epsilon hat" of the Adam paper's section 2, not PyTorch's (which adds eps to
// sqrt(v_hat) with v_hat = v / (1 - beta_2^t)); the two differ while v is small.
#ifndef CTNET_BODY_KERNELS_ADAM_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_ADAM_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct adam {
    /// What one step's updates share, computed once per step (step_constants::of).
    struct step_constants {
        float alpha = 0.0f;             // lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)
        float one_minus_beta_1 = 0.0f;
        float one_minus_beta_2 = 0.0f;
        float epsilon = 0.0f;

        static step_constants of(float learning_rate, float beta_1, float beta_2, float epsilon,
                                 std::uint64_t iterations) noexcept
        {
            const float t = static_cast<float>(iterations + 1);
            const float beta_1_power = std::pow(beta_1, t);
            const float beta_2_power = std::pow(beta_2, t);
            return {learning_rate * std::sqrt(1.0f - beta_2_power) / (1.0f - beta_1_power), 1.0f - beta_1,
                    1.0f - beta_2, epsilon};
        }
    };

    /// One update of a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g, m, v
    /// and v_hat (a kernel tile as the backward pass hands it on, g perhaps in the GEMM's tile
    /// buffer). v_hat is null unless amsgrad. The same columns `ahead` floats on are prefetched (0:
    /// unknown), since the update is memory-bound: it reads and writes three or four arenas.
    static void step_block(float* w, const float* g, float* m, float* v, float* v_hat, std::size_t rows,
                           std::size_t cols, std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0) detail::tmath::prefetch_for_write(cols, w + at + ahead, m + at + ahead, v + at + ahead);
            if (v_hat != nullptr) update_row<true>(w + at, g + at, m + at, v + at, v_hat + at, cols, k);
            else update_row<false>(w + at, g + at, m + at, v + at, nullptr, cols, k);
        }
    }

private:
    template <bool Amsgrad>
    static void update_row(float* w, const float* g, float* m, float* v, float* v_hat, std::size_t n,
                           const step_constants& k) noexcept
    {
        namespace t = detail::tmath;
        const t::pack alpha = t::splat(k.alpha), b1 = t::splat(k.one_minus_beta_1), b2 = t::splat(k.one_minus_beta_2),
                      eps = t::splat(k.epsilon);
        auto body = [&](std::size_t i, std::size_t c) {
            auto ld = [c](const float* p) { return t::load_first(p, c); };
            auto st = [c](float* p, t::pack a) { t::store_first(p, a, c); };
            const t::pack gi = ld(g + i);
            const t::pack mi = ld(m + i);
            const t::pack vi = ld(v + i);
            const t::pack m_new = mi + (gi - mi) * b1;
            const t::pack v_new = vi + (gi * gi - vi) * b2;
            st(m + i, m_new);
            st(v + i, v_new);
            t::pack denominator_v = v_new;
            if constexpr (Amsgrad) {
                denominator_v = t::max(ld(v_hat + i), v_new);
                st(v_hat + i, denominator_v);
            }
            st(w + i, ld(w + i) - (m_new * alpha) / (t::sqrt(denominator_v) + eps));
        };
        t::for_each_pack(n, body);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_ADAM_HPP
