// Keras 3 Nadam update over a block of a parameter arena, fused into the backward pass.
//
// Keras 3 optimizers/nadam.py, step t = iterations + 1 (iterations = steps already applied), all
// in float32, m and v starting at 0:
//   mu_t = beta_1 * (1 - 0.5 * 0.96^t)                       (the momentum schedule)
//   P_t = (P_{t-1} * beta_1) * (1 - 0.5 * 0.96^t), P_0 = 1    (Keras's u_product, one scalar)
//   m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
//   m_hat = mu_{t+1} * m / (1 - P_t * mu_{t+1}) + (1 - mu_t) * g / (1 - P_t)
//   v_hat = v / (1 - beta_2^t)
//   w -= (m_hat * lr) / (sqrt(v_hat) + epsilon)
// here as w -= (m * c_m + g * c_g) / (sqrt(v / (1 - beta_2^t)) + epsilon), with lr folded into
// c_m and c_g once per step (a rounding apart). Unlike Adam's, epsilon is added after the bias
// correction of v. Keras keeps P_t as a variable updated before each step; here it is the same
// float32 product, recomputed from t (memoised per thread, so one multiplication a step).
#ifndef CTNET_BODY_KERNELS_NADAM_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_NADAM_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct nadam {
    /// Keras's u_product after step t: P_t = prod over s = 1..t of (P * beta_1) * (1 - 0.5 * 0.96^s),
    /// in float32 and in Keras's order. Each thread remembers the last (beta_1, t) it computed,
    /// so a trainer asking for t, t + 1, ... pays one factor a step.
    static float u_product(float beta_1, std::uint64_t t) noexcept
    {
        struct memo {
            float beta_1;
            std::uint64_t t;
            float product;
        };
        thread_local memo last{0.0f, 0, 1.0f};
        if (last.beta_1 != beta_1 || last.t > t) last = {beta_1, 0, 1.0f};
        // Once the product is 0 (underflow; beta_1 = 0 at once) it stays 0.
        for (; last.t < t && last.product != 0.0f; ++last.t)
            last.product = (last.product * beta_1) * momentum_factor(last.t + 1);
        if (last.product == 0.0f) last.t = t;
        return last.product;
    }

    /// mu_t = beta_1 * (1 - 0.5 * 0.96^t).
    static float mu(float beta_1, std::uint64_t t) noexcept { return beta_1 * momentum_factor(t); }

    /// What one step's updates share, computed once per step (step_constants::of).
    struct step_constants {
        float c_m = 0.0f;  // lr * mu_{t+1} / (1 - P_t * mu_{t+1})
        float c_g = 0.0f;  // lr * (1 - mu_t) / (1 - P_t)
        float bias_2 = 0.0f;  // 1 - beta_2^t
        float one_minus_beta_1 = 0.0f;
        float one_minus_beta_2 = 0.0f;
        float epsilon = 0.0f;

        static step_constants of(float learning_rate, float beta_1, float beta_2, float epsilon,
                                 std::uint64_t iterations) noexcept
        {
            const std::uint64_t t = iterations + 1;
            const float mu_t = mu(beta_1, t), mu_next = mu(beta_1, t + 1);
            const float product = u_product(beta_1, t);
            const float product_next = product * mu_next;
            return {learning_rate * (mu_next / (1.0f - product_next)),
                    learning_rate * ((1.0f - mu_t) / (1.0f - product)),
                    1.0f - std::pow(beta_2, static_cast<float>(t)),
                    1.0f - beta_1,
                    1.0f - beta_2,
                    epsilon};
        }
    };

    /// One update of a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g, m
    /// and v (a kernel tile as the backward pass hands it on). The same columns `ahead` floats on
    /// are prefetched (0: unknown).
    static void step_block(float* w, const float* g, float* m, float* v, std::size_t rows, std::size_t cols,
                           std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0) detail::tmath::prefetch_for_write(cols, w + at + ahead, m + at + ahead, v + at + ahead);
            update_row(w + at, g + at, m + at, v + at, cols, k);
        }
    }

private:
    static float momentum_factor(std::uint64_t t) noexcept
    {
        return 1.0f - 0.5f * std::pow(0.96f, static_cast<float>(t));
    }

    static void update_row(float* w, const float* g, float* m, float* v, std::size_t n,
                           const step_constants& k) noexcept
    {
        namespace t = detail::tmath;
        const t::pack c_m = t::splat(k.c_m), c_g = t::splat(k.c_g), bias_2 = t::splat(k.bias_2),
                      b1 = t::splat(k.one_minus_beta_1), b2 = t::splat(k.one_minus_beta_2), eps = t::splat(k.epsilon);
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
            st(w + i, ld(w + i) - (m_new * c_m + gi * c_g) / (t::sqrt(v_new / bias_2) + eps));
        };
        t::for_each_pack(n, body);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_NADAM_HPP
