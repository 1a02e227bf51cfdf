// Kernel of alpha dropout (Keras AlphaDropout): dropout that keeps the mean and variance of SELU activations.
#ifndef CTNET_BODY_KERNELS_ALPHA_DROPOUT_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_ALPHA_DROPOUT_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/detail/lanes.hpp>
#include <ctnet/kernels/philox.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// Training, as keras.layers.AlphaDropout: an element is kept where its uniform draw u >= rate
// (philox::keep's test, so with the same counters it is the same mask as plain dropout), and
//   y = a x + b (kept),  y = a alpha_p + b (dropped),  alpha_p = -selu_alpha * selu_scale,
//   a = ((1 - rate)(1 + rate alpha_p^2))^(-1/2),  b = -a alpha_p rate,
// which keeps mean 0 and variance 1 of a standardised input. Backward: dx = a dy where kept, 0
// where dropped. The draws are philox::bits(seed, stream, step, row, unit), so backward redraws
// the mask instead of storing it. Inference is the identity (the caller copies). a and b are
// computed in double, as Keras does in Python, then rounded to float. Requires 0 <= rate < 1.
struct alpha_dropout {
    float rate;

    // Where the mask of one training step comes from; rows are numbered from first_row so a
    // thread working on rows [r0, r1) draws the mask a single thread would.
    struct draw {
        std::uint64_t seed;
        std::uint32_t stream;
        std::uint32_t step;
        std::uint32_t first_row;
    };

    static constexpr double selu_alpha = 1.6732632423543772848170429916717;
    static constexpr double selu_scale = 1.0507009873554804934193349852946;
    static constexpr double alpha_p = -selu_alpha * selu_scale;

    double a() const noexcept {
        const double r = rate;
        return 1.0 / std::sqrt((1.0 - r) * (1.0 + r * alpha_p * alpha_p));
    }
    double b() const noexcept { return -a() * alpha_p * static_cast<double>(rate); }
    // The value of a dropped element, rounded once (Keras rounds a alpha_p and then adds b in
    // float32; the two differ by at most an ulp).
    float dropped_value() const noexcept { return static_cast<float>(a() * alpha_p + b()); }

    // x and y are rows x cols, batch-major; y may equal x.
    void forward_training(const float* x, float* y, std::size_t rows, std::size_t cols, draw d) const noexcept {
        const float fa = static_cast<float>(a()), fb = static_cast<float>(b()), dropped = dropped_value();
        const float r = rate;
        for_draws(rows, cols, d, [&](std::size_t off, std::size_t len, const float* u) {
            detail::map_lanes(
                len, y + off,
                [fa, fb, dropped, r](auto xv, auto uv) { return detail::select(uv >= r, detail::madd(xv, fa, fb), detail::broadcast(xv, dropped)); },
                x + off, u);
        });
    }
    // dx may equal dy.
    void backward_training(const float* dy, float* dx, std::size_t rows, std::size_t cols, draw d) const noexcept {
        const float fa = static_cast<float>(a());
        const float r = rate;
        for_draws(rows, cols, d, [&](std::size_t off, std::size_t len, const float* u) {
            detail::map_lanes(
                len, dx + off,
                [fa, r](auto g, auto uv) { return detail::select(uv >= r, g * fa, detail::broadcast(g, 0.0f)); },
                dy + off, u);
        });
    }

private:
    template <class F>
    void for_draws(std::size_t rows, std::size_t cols, draw d, F f) const noexcept {
        philox::for_uniform_chunks(d.seed, d.stream, d.step, d.first_row, rows, cols, 0.0f, 1.0f, f);
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_ALPHA_DROPOUT_HPP
