// Row helpers shared by the loss kernels: Keras's clip epsilon, softmax/sigmoid of one row, argmax.
#ifndef CTNET_BODY_KERNELS_DETAIL_LOSS_ROWS_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_DETAIL_LOSS_ROWS_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels::detail {

// keras.backend.epsilon(): probabilities are clipped to [eps, 1 - eps] before a log.
inline constexpr float keras_clip_epsilon = 1e-7f;

// Index of the first maximum (numpy/JAX argmax, which Keras's accuracy metrics use).
template <std::size_t N>
inline std::size_t row_argmax(const float* row) noexcept
{
    std::size_t best = 0;
    for (std::size_t j = 1; j < N; ++j)
        if (row[j] > row[best]) best = j;
    return best;
}

template <std::size_t N>
inline float row_max(const float* row) noexcept
{
    float m = row[0];
    for (std::size_t j = 1; j < N; ++j) m = row[j] > m ? row[j] : m;
    return m;
}

// e[j] = exp(z[j] - max z); returns the sum of e in ascending j (JAX's softmax order of operations:
// shift by the max, exponentiate, divide by the sum). The shifted logit is also kept so callers can
// form log-softmax as shifted - log(sum) without taking the log of an underflowed probability.
template <std::size_t N>
inline float shifted_exp(const float* z, float* shifted, float* e) noexcept
{
    const float zmax = row_max<N>(z);
    float sum = 0.0f;
    for (std::size_t j = 0; j < N; ++j) {
        shifted[j] = z[j] - zmax;
        e[j] = std::exp(shifted[j]);
        sum += e[j];
    }
    return sum;
}

// Logistic function, jax.nn.sigmoid: 1 / (1 + exp(-z)), written so exp never overflows.
inline float sigmoid(float z) noexcept
{
    if (z >= 0.0f) return 1.0f / (1.0f + std::exp(-z));
    const float e = std::exp(z);
    return e / (1.0f + e);
}

// softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), stable for every z.
inline double softplus(float z) noexcept
{
    const double zd = static_cast<double>(z);
    return (zd > 0.0 ? zd : 0.0) + std::log1p(std::exp(-std::fabs(zd)));
}

inline float clip_probability(float q) noexcept
{
    return q < keras_clip_epsilon ? keras_clip_epsilon
                                  : (q > 1.0f - keras_clip_epsilon ? 1.0f - keras_clip_epsilon : q);
}

// d clip(q)/dq: TF's clip_by_value passes the gradient on the closed interval.
inline bool clip_passes_gradient(float q) noexcept
{
    return q >= keras_clip_epsilon && q <= 1.0f - keras_clip_epsilon;
}

} CTNET_ISA_END } // namespace ctnet::kernels::detail

#endif // CTNET_BODY_KERNELS_DETAIL_LOSS_ROWS_HPP
