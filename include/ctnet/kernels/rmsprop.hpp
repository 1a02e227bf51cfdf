// Keras 3 RMSprop update (plain, centered, with momentum) over a block of a parameter arena, fused
// into the backward pass.
//
// Keras 3 optimizers/rmsprop.py, all in float32, every state starting at 0:
//   v = rho * v + (1 - rho) * g^2
//   centered: g_avg = rho * g_avg + (1 - rho) * g;  d = (v - g_avg^2) + epsilon
//   otherwise:                                      d = v + epsilon
//   increment = (lr * g) / sqrt(d)
//   momentum > 0: s = momentum * s + increment;  w -= s
//   otherwise:    w -= increment
// epsilon sits inside the square root (Keras 2.11+ and 3; PyTorch and the legacy Keras 2 RMSprop
// without momentum add it to sqrt(d)), and with momentum the learning rate is inside s (PyTorch
// keeps it outside: the same for a constant rate, not under a schedule).
#ifndef CTNET_BODY_KERNELS_RMSPROP_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_RMSPROP_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct rmsprop {
    /// What one step's updates share (nothing depends on the step number: iterations is unused).
    struct step_constants {
        float learning_rate = 0.0f;
        float rho = 0.0f;
        float one_minus_rho = 0.0f;
        float momentum = 0.0f;
        float epsilon = 0.0f;

        static step_constants of(float learning_rate, float rho, float momentum, float epsilon,
                                 std::uint64_t /*iterations*/) noexcept
        {
            return {learning_rate, rho, 1.0f - rho, momentum, epsilon};
        }
    };

    /// One update of a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g, v,
    /// s and g_avg (a kernel tile as the backward pass hands it on). s (Keras's `momentum`) is null
    /// unless momentum > 0, g_avg (`average_gradient`) null unless centered. The same columns
    /// `ahead` floats on are prefetched (0: unknown).
    static void step_block(float* w, const float* g, float* v, float* s, float* g_avg, std::size_t rows,
                           std::size_t cols, std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        if (s != nullptr) {
            if (g_avg != nullptr) update_rows<true, true>(w, g, v, s, g_avg, rows, cols, stride, ahead, k);
            else update_rows<true, false>(w, g, v, s, g_avg, rows, cols, stride, ahead, k);
        } else {
            if (g_avg != nullptr) update_rows<false, true>(w, g, v, s, g_avg, rows, cols, stride, ahead, k);
            else update_rows<false, false>(w, g, v, s, g_avg, rows, cols, stride, ahead, k);
        }
    }

private:
    template <bool Momentum, bool Centered>
    static void update_rows(float* w, const float* g, float* v, float* s, float* g_avg, std::size_t rows,
                            std::size_t cols, std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0)
                for (std::size_t o = 0; o < cols; o += 16) {
                    __builtin_prefetch(w + at + ahead + o, 1);
                    __builtin_prefetch(v + at + ahead + o, 1);
                    if constexpr (Momentum) __builtin_prefetch(s + at + ahead + o, 1);
                    if constexpr (Centered) __builtin_prefetch(g_avg + at + ahead + o, 1);
                }
            update_row<Momentum, Centered>(w + at, g + at, v + at, Momentum ? s + at : nullptr,
                                           Centered ? g_avg + at : nullptr, cols, k);
        }
    }

    template <bool Momentum, bool Centered>
    static void update_row(float* w, const float* g, float* v, float* s, float* g_avg, std::size_t n,
                           const step_constants& k) noexcept
    {
        namespace t = detail::tmath;
        const t::pack lr = t::splat(k.learning_rate), rho = t::splat(k.rho), one_minus_rho = t::splat(k.one_minus_rho),
                      mu = t::splat(k.momentum), eps = t::splat(k.epsilon);
        auto body = [&](std::size_t i, std::size_t c) {
            auto ld = [c](const float* p) { return t::load_first(p, c); };
            auto st = [c](float* p, t::pack a) { t::store_first(p, a, c); };
            const t::pack gi = ld(g + i);
            const t::pack v_new = ld(v + i) * rho + (gi * gi) * one_minus_rho;
            st(v + i, v_new);
            t::pack denominator = v_new + eps;
            if constexpr (Centered) {
                const t::pack a_new = ld(g_avg + i) * rho + gi * one_minus_rho;
                st(g_avg + i, a_new);
                denominator = (v_new - a_new * a_new) + eps;
            }
            const t::pack increment = (gi * lr) / t::sqrt(denominator);
            if constexpr (Momentum) {
                const t::pack s_new = ld(s + i) * mu + increment;
                st(s + i, s_new);
                st(w + i, ld(w + i) - s_new);
            } else {
                st(w + i, ld(w + i) - increment);
            }
        };
        t::for_each_pack(n, body);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_RMSPROP_HPP
