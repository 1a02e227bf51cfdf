// Binary cross-entropy on m x N float rows: value, gradient and binary accuracy hits.
//
// Keras's `binary_crossentropy` (label_smoothing 0): the element loss is
// -[y log p + (1 - y) log(1 - p)], the per-sample loss is its mean over the N outputs (last axis),
// the batch loss the mean over the m rows: every gradient carries 1 / (m * N).
// - sigmoid_forward_backward: fused training path: logits -> sigmoid in place, loss from the logits
//   (stable softplus form, no clipping, as TF Keras does after a sigmoid layer), dz = (p - y)/(m N).
// - from_logits: from_logits=True: max(z,0) - z y + log1p(exp(-|z|)); optional gradient.
// - from_probabilities: from_logits=False: p clipped to [1e-7, 1 - 1e-7] (no renormalisation);
//   optional gradient w.r.t. p, 0 where p lies outside the clip range.
// Hits: outputs with (p > 0.5) == y (Keras binary_accuracy, threshold 0.5, exact comparison with
// the target). from_logits counts z > 0, the same test on sigmoid(z); Keras would threshold the
// logits themselves at 0.5 when the model outputs logits, which is rarely what is meant.
// A gradient output may be the prediction buffer itself but must not partly overlap it.
#ifndef CTNET_BODY_KERNELS_BINARY_CROSSENTROPY_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_BINARY_CROSSENTROPY_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

#include <ctnet/kernels/detail/loss_rows.hpp>
#include <ctnet/kernels/loss_sums.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

template <std::size_t N>
struct binary_crossentropy {
    static_assert(N >= 1, "ctnet::kernels::binary_crossentropy: needs at least one output");

    // z: logits, overwritten by sigmoid(z); dz may equal z.
    static loss_sums sigmoid_forward_backward(float* z, const float* y, std::size_t m,
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
        const float scale = 1.0f / (static_cast<float>(m) * static_cast<float>(N));
        for (std::size_t i = 0; i < m * N; i += N) {
            double row_loss = 0.0;
            for (std::size_t j = 0; j < N; ++j) {
                const float pj = p[i + j];
                const float t = y[i + j];
                const float c = detail::clip_probability(pj);
                const float c1 = 1.0f - c;
                row_loss -= static_cast<double>(t) * std::log(static_cast<double>(c)) +
                            static_cast<double>(1.0f - t) * std::log(static_cast<double>(c1));
                out.correct += (pj > 0.5f ? 1.0f : 0.0f) == t;
                if (dp != nullptr)
                    dp[i + j] = detail::clip_passes_gradient(pj) ? ((1.0f - t) / c1 - t / c) * scale
                                                                : 0.0f;
            }
            out.loss += row_loss / static_cast<double>(N);
        }
        return out;
    }

private:
    static loss_sums logits_pass(const float* z, float* p_out, const float* y, std::size_t m,
                                 float* dz) noexcept
    {
        loss_sums out;
        const float scale = 1.0f / (static_cast<float>(m) * static_cast<float>(N));
        for (std::size_t i = 0; i < m * N; i += N) {
            double row_loss = 0.0;
            for (std::size_t j = 0; j < N; ++j) {
                const float zj = z[i + j];
                const float t = y[i + j];
                // -y log sigmoid(z) - (1-y) log sigmoid(-z) = softplus(z) - z y
                row_loss += detail::softplus(zj) - static_cast<double>(zj) * static_cast<double>(t);
                const float pj = detail::sigmoid(zj);
                out.correct += (pj > 0.5f ? 1.0f : 0.0f) == t;
                if (p_out != nullptr) p_out[i + j] = pj;
                if (dz != nullptr) dz[i + j] = (pj - t) * scale;
            }
            out.loss += row_loss / static_cast<double>(N);
        }
        return out;
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_BINARY_CROSSENTROPY_HPP
