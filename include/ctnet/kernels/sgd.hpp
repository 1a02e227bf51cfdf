// Keras SGD update (plain, momentum, Nesterov) over a contiguous parameter arena, and legacy decay.
//
// Keras 3 optimizers/sgd.py (same in Keras 2.11+), learning rate eta, momentum mu, velocity v:
// - mu == 0:  w <- w - eta g                       (no velocity is kept)
// - momentum: v <- mu v - eta g;  w <- w + v
// - Nesterov: v <- mu v - eta g;  w <- w + mu v - eta g   (v already updated)
// eta lives inside the velocity. PyTorch keeps it outside (b <- mu b + g; w <- w - eta b): the two
// agree for a constant eta and differ as soon as it changes (schedules, ReduceLROnPlateau).
// The arenas w, g and v share one layout; the step is one pass of 16-lane blocks over them.
#pragma once

#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet::kernels {

struct sgd {
    // One update of n parameters. velocity may be null when momentum == 0 (it is not touched then).
    // w, g and velocity must not overlap.
    static void step(float* w, const float* g, float* velocity, std::size_t n, float learning_rate,
                     float momentum, bool nesterov) noexcept
    {
#if defined(__AVX512F__)
        namespace t = detail::tmath;
        const t::pack lr = t::splat(learning_rate);
        const t::pack mu = t::splat(momentum);
        auto run = [&](auto body) {
            std::size_t i = 0;
            for (; i + t::lanes <= n; i += t::lanes) body(i, t::lanes);
            if (i < n) body(i, n - i);
        };
        auto ld = [](const float* p, std::size_t count) {
            return count == t::lanes ? t::load(p) : t::load_partial(p, count);
        };
        auto st = [](float* p, t::pack a, std::size_t count) {
            if (count == t::lanes) t::store(p, a);
            else t::store_partial(p, a, count);
        };
        if (momentum == 0.0f) {
            run([&](std::size_t i, std::size_t c) { st(w + i, ld(w + i, c) - ld(g + i, c) * lr, c); });
        } else if (!nesterov) {
            run([&](std::size_t i, std::size_t c) {
                const t::pack v = ld(velocity + i, c) * mu - ld(g + i, c) * lr;
                st(velocity + i, v, c);
                st(w + i, ld(w + i, c) + v, c);
            });
        } else {
            run([&](std::size_t i, std::size_t c) {
                const t::pack step_g = ld(g + i, c) * lr;
                const t::pack v = ld(velocity + i, c) * mu - step_g;
                st(velocity + i, v, c);
                st(w + i, ld(w + i, c) + (v * mu - step_g), c);
            });
        }
#else
        // No reduction here, so plain loops (which compilers vectorise best) give the same values.
        plain_step(w, g, velocity, n, learning_rate, momentum, nesterov);
#endif
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
    static void plain_step(float* __restrict w, const float* __restrict g, float* __restrict velocity,
                           std::size_t n, float learning_rate, float momentum, bool nesterov) noexcept
    {
        if (momentum == 0.0f) {
            for (std::size_t i = 0; i < n; ++i) w[i] = w[i] - g[i] * learning_rate;
        } else if (!nesterov) {
            for (std::size_t i = 0; i < n; ++i) {
                velocity[i] = velocity[i] * momentum - g[i] * learning_rate;
                w[i] = w[i] + velocity[i];
            }
        } else {
            for (std::size_t i = 0; i < n; ++i) {
                const float step_g = g[i] * learning_rate;
                velocity[i] = velocity[i] * momentum - step_g;
                w[i] = w[i] + (velocity[i] * momentum - step_g);
            }
        }
    }
};

} // namespace ctnet::kernels
