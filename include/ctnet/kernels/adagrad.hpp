// Keras 3 Adagrad update over a block of a parameter arena, fused into the backward pass.
//
// Keras 3 optimizers/adagrad.py, all in float32 (the accumulator starts at
// initial_accumulator_value, 0.1 by default, not at 0):
//   acc += g^2
//   w -= (lr * g) / sqrt(acc + epsilon)
// epsilon sits inside the square root (Keras 2.11+ and 3); PyTorch and the legacy Keras 2 Adagrad
// add it to sqrt(acc), and PyTorch's accumulator starts at 0.
#ifndef CTNET_BODY_KERNELS_ADAGRAD_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_ADAGRAD_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct adagrad {
    /// What one step's updates share (nothing depends on the step number: iterations is unused).
    struct step_constants {
        float learning_rate = 0.0f;
        float epsilon = 0.0f;

        static step_constants of(float learning_rate, float epsilon, std::uint64_t /*iterations*/) noexcept
        {
            return {learning_rate, epsilon};
        }
    };

    /// One update of a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g and
    /// acc (a kernel tile as the backward pass hands it on). The same columns `ahead` floats on are
    /// prefetched (0: unknown).
    static void step_block(float* w, const float* g, float* acc, std::size_t rows, std::size_t cols,
                           std::size_t stride, std::size_t ahead, const step_constants& k) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0) detail::tmath::prefetch_for_write(cols, w + at + ahead, acc + at + ahead);
            update_row(w + at, g + at, acc + at, cols, k);
        }
    }

private:
    static void update_row(float* w, const float* g, float* acc, std::size_t n, const step_constants& k) noexcept
    {
        namespace t = detail::tmath;
        const t::pack lr = t::splat(k.learning_rate), eps = t::splat(k.epsilon);
        auto body = [&](std::size_t i, std::size_t c) {
            auto ld = [c](const float* p) { return t::load_first(p, c); };
            auto st = [c](float* p, t::pack a) { t::store_first(p, a, c); };
            const t::pack gi = ld(g + i);
            const t::pack a_new = ld(acc + i) + gi * gi;
            st(acc + i, a_new);
            st(w + i, ld(w + i) - (gi * lr) / t::sqrt(a_new + eps));
        };
        t::for_each_pack(n, body);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_ADAGRAD_HPP
