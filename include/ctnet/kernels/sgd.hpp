// Keras SGD update (plain, momentum, Nesterov) over a contiguous parameter arena, and legacy decay.
//
// Keras 3 optimizers/sgd.py (same in Keras 2.11+), learning rate eta, momentum mu, velocity v:
// - mu == 0:  w <- w - eta g                       (no velocity is kept)
// - momentum: v <- mu v - eta g;  w <- w + v
// - Nesterov: v <- mu v - eta g;  w <- w + mu v - eta g   (v already updated)
// eta lives inside the velocity. PyTorch keeps it outside (b <- mu b + g; w <- w - eta b): the two
// agree for a constant eta and differ as soon as it changes (schedules, ReduceLROnPlateau).
// The arenas w, g and v share one layout; the step is one pass of 16-lane blocks over them, or over
// a block of rows (a kernel tile, as the backward pass hands it on).
#ifndef CTNET_BODY_KERNELS_SGD_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SGD_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct sgd {
    // One update of n parameters. velocity may be null when momentum == 0 (it is not touched then).
    // w, g and velocity must not overlap.
    static void step(float* w, const float* g, float* velocity, std::size_t n, float learning_rate,
                     float momentum, bool nesterov) noexcept
    {
        step_block(w, g, velocity, 1, n, n, 0, learning_rate, momentum, nesterov);
    }

    // The same update on a block of `rows` rows of `cols` parameters, `stride` floats apart in w, g and
    // velocity (a tile of a kernel, handed on by the backward pass; g may point into the GEMM's tile
    // buffer, whose rows are as far apart), each element exactly as step() updates it. The update
    // is memory-bound, so while a row is updated the same columns `ahead` floats further on (where the
    // next block will be, 0: unknown) are prefetched.
    static void step_block(float* w, const float* g, float* velocity, std::size_t rows, std::size_t cols,
                           std::size_t stride, std::size_t ahead, float learning_rate, float momentum,
                           bool nesterov) noexcept
    {
        if (momentum == 0.0f)
            update_rows<variant::plain>(w, g, velocity, rows, cols, stride, ahead, learning_rate, momentum);
        else if (!nesterov)
            update_rows<variant::momentum>(w, g, velocity, rows, cols, stride, ahead, learning_rate, momentum);
        else
            update_rows<variant::nesterov>(w, g, velocity, rows, cols, stride, ahead, learning_rate, momentum);
    }

    // The legacy `decay` argument (Keras 2 legacy optimizers, the book's SGD(..., decay=1e-4)):
    // eta_t = eta_0 / (1 + decay * iterations), iterations = steps already applied (0 for the first
    // step). Keras 2.11+ rejects `decay`, Keras 3 ignores it; use this to reproduce the book.
    static float legacy_decayed_learning_rate(float learning_rate, float decay,
                                              std::uint64_t iterations) noexcept
    {
        return learning_rate / (1.0f + decay * static_cast<float>(iterations));
    }

private:
    enum class variant { plain, momentum, nesterov };

    template <variant V>
    static void update_rows(float* w, const float* g, float* velocity, std::size_t rows, std::size_t cols,
                            std::size_t stride, std::size_t ahead, float learning_rate, float momentum) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            const std::size_t at = r * stride;
            if (ahead != 0)
                for (std::size_t o = 0; o < cols; o += 16) {
                    __builtin_prefetch(w + at + ahead + o, 1);
                    if constexpr (V != variant::plain) __builtin_prefetch(velocity + at + ahead + o, 1);
                }
            update_row<V>(w + at, g + at, velocity + (V == variant::plain ? 0 : at), cols, learning_rate, momentum);
        }
    }

    template <variant V>
    static void update_row(float* w, const float* g, float* velocity, std::size_t n, float learning_rate,
                           float momentum) noexcept
    {
#if CTNET_HAS_AVX512
        namespace t = detail::tmath;
        const t::pack lr = t::splat(learning_rate);
        const t::pack mu = t::splat(momentum);
        auto body = [&](std::size_t i, std::size_t c) {
            auto ld = [c](const float* p) { return t::load_first(p, c); };
            auto st = [c](float* p, t::pack a) { t::store_first(p, a, c); };
            if constexpr (V == variant::plain) {
                st(w + i, ld(w + i) - ld(g + i) * lr);
            } else if constexpr (V == variant::momentum) {
                const t::pack v = ld(velocity + i) * mu - ld(g + i) * lr;
                st(velocity + i, v);
                st(w + i, ld(w + i) + v);
            } else {
                const t::pack step_g = ld(g + i) * lr;
                const t::pack v = ld(velocity + i) * mu - step_g;
                st(velocity + i, v);
                st(w + i, ld(w + i) + (v * mu - step_g));
            }
        };
        t::for_each_pack(n, body);
#else
        // No reduction here, so plain loops (which compilers vectorise best) give the same values.
        for (std::size_t i = 0; i < n; ++i) {
            if constexpr (V == variant::plain) {
                w[i] = w[i] - g[i] * learning_rate;
            } else if constexpr (V == variant::momentum) {
                velocity[i] = velocity[i] * momentum - g[i] * learning_rate;
                w[i] = w[i] + velocity[i];
            } else {
                const float step_g = g[i] * learning_rate;
                velocity[i] = velocity[i] * momentum - step_g;
                w[i] = w[i] + (velocity[i] * momentum - step_g);
            }
        }
#endif
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SGD_HPP
