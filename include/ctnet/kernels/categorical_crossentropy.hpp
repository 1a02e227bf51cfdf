// Categorical cross-entropy on float rows with one-hot or soft targets: value, gradient, accuracy.
//
// Keras's `categorical_crossentropy` (label_smoothing 0): per-sample loss -sum_k y_k log p_k, batch
// loss the mean over the m rows. Entry points as for sparse_categorical_crossentropy:
// - softmax_forward_backward: fused training path, logits -> softmax in place, loss, hits and
//   dz = (p * sum_k y_k - y) / m (that is (p - y) / m when each target row sums to 1).
// - from_logits: from_logits=True (log-softmax, no clipping), optional gradient.
// - from_probabilities: from_logits=False: rows divided by their sum, clipped to [1e-7, 1 - 1e-7],
//   logged; optional gradient w.r.t. p.
// Hits follow Keras's categorical_accuracy: argmax(y) == argmax(p). All arrays are m x N row-major;
// a gradient output may be the prediction buffer itself but must not partly overlap it.
#ifndef CTNET_BODY_KERNELS_CATEGORICAL_CROSSENTROPY_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_CATEGORICAL_CROSSENTROPY_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

#include <ctnet/kernels/detail/loss_rows.hpp>
#include <ctnet/kernels/loss_sums.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

template <std::size_t N>
struct categorical_crossentropy {
    static_assert(N >= 1, "ctnet::kernels::categorical_crossentropy: needs at least one class");

    // z: logits, overwritten by softmax(z); dz may equal z.
    static loss_sums softmax_forward_backward(float* z, const float* y, std::size_t m,
                                              float* dz) noexcept
    {
        return logits_pass(z, z, y, m, dz);
    }

    static loss_sums from_logits(const float* z, const float* y, std::size_t m,
                                 float* dz = nullptr) noexcept
    {
        return logits_pass(z, nullptr, y, m, dz);
    }

    static loss_sums from_probabilities(const float* p, const float* y, std::size_t m,
                                        float* dp = nullptr) noexcept
    {
        loss_sums out;
        const float inv_m = 1.0f / static_cast<float>(m);
        float a[N];
        float q[N];
        for (std::size_t i = 0; i < m; ++i) {
            const float* row = p + i * N;
            const float* target = y + i * N;
            float sum = 0.0f;
            for (std::size_t j = 0; j < N; ++j) sum += row[j];
            double row_loss = 0.0;
            float aq = 0.0f; // sum_l dL/dq_l * q_l
            for (std::size_t j = 0; j < N; ++j) {
                q[j] = row[j] / sum;
                const float c = detail::clip_probability(q[j]);
                row_loss -= static_cast<double>(target[j]) * std::log(static_cast<double>(c));
                a[j] = detail::clip_passes_gradient(q[j]) ? -target[j] / c : 0.0f;
                aq += a[j] * q[j];
            }
            out.loss += row_loss;
            out.correct += detail::row_argmax<N>(row) == detail::row_argmax<N>(target);
            if (dp != nullptr) {
                // q = p / S: dL/dp_k = (dL/dq_k - sum_l dL/dq_l q_l) / S.
                const float scale = inv_m / sum;
                for (std::size_t j = 0; j < N; ++j) dp[i * N + j] = (a[j] - aq) * scale;
            }
        }
        return out;
    }

private:
    static loss_sums logits_pass(const float* z, float* p_out, const float* y, std::size_t m,
                                 float* dz) noexcept
    {
        loss_sums out;
        const float inv_m = 1.0f / static_cast<float>(m);
        float shifted[N];
        float p[N];
        for (std::size_t i = 0; i < m; ++i) {
            const float* target = y + i * N;
            const float sum = detail::shifted_exp<N>(z + i * N, shifted, p);
            const double log_sum = std::log(static_cast<double>(sum));
            double row_loss = 0.0;
            float target_sum = 0.0f;
            for (std::size_t j = 0; j < N; ++j) {
                p[j] = p[j] / sum;
                // log softmax(z)_j = shifted_j - log(sum)
                row_loss -= static_cast<double>(target[j]) * (static_cast<double>(shifted[j]) - log_sum);
                target_sum += target[j];
            }
            out.loss += row_loss;
            out.correct += detail::row_argmax<N>(p) == detail::row_argmax<N>(target);
            if (p_out != nullptr)
                for (std::size_t j = 0; j < N; ++j) p_out[i * N + j] = p[j];
            if (dz != nullptr)
                for (std::size_t j = 0; j < N; ++j)
                    dz[i * N + j] = (p[j] * target_sum - target[j]) * inv_m;
        }
        return out;
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_CATEGORICAL_CROSSENTROPY_HPP
