// Sparse categorical cross-entropy on float rows with integer labels: value, gradient, accuracy.
//
// Keras's `sparse_categorical_crossentropy` (keras/src/losses/losses.py and backend nn.py): the
// per-sample loss is -log p[label]; the batch loss is the mean over the m rows. Three entry points:
// - softmax_forward_backward: the training path, fused: logits -> softmax in place, loss, hits and
//   dz = (p - onehot) / m in one pass over each row (what TF Keras computes when the loss follows a
//   softmax layer: the logits are recovered and no clipping happens).
// - from_logits: Keras with from_logits=True (log-softmax, no clipping); optional gradient.
// - from_probabilities: Keras with from_logits=False on the torch/JAX/NumPy backends: each row is
//   divided by its sum, clipped to [1e-7, 1 - 1e-7], then logged; optional gradient w.r.t. p.
// Labels must lie in [0, N). All pointers are row-major (m x N); a gradient output may be the input
// buffer itself (each row is read completely before it is written) but must not partly overlap it.
#ifndef CTNET_BODY_KERNELS_SPARSE_CATEGORICAL_CROSSENTROPY_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_SPARSE_CATEGORICAL_CROSSENTROPY_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cassert>
#include <cmath>
#include <concepts>
#include <cstddef>

#include <ctnet/kernels/detail/loss_rows.hpp>
#include <ctnet/kernels/loss_sums.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

template <std::size_t N>
struct sparse_categorical_crossentropy {
    static_assert(N >= 1, "ctnet::kernels::sparse_categorical_crossentropy: needs at least one class");

    // z: logits, overwritten by softmax(z). dz = (softmax(z) - onehot(label)) / m; dz may equal z
    // (then z ends up holding dz and the probabilities are gone).
    template <std::integral Label>
    static loss_sums softmax_forward_backward(float* z, const Label* labels, std::size_t m,
                                              float* dz) noexcept
    {
        return logits_pass(z, z, labels, m, dz);
    }

    // Loss from logits; if dz is not null it receives d(loss/m)/dz = (softmax(z) - onehot) / m.
    template <std::integral Label>
    static loss_sums from_logits(const float* z, const Label* labels, std::size_t m,
                                 float* dz = nullptr) noexcept
    {
        return logits_pass(z, nullptr, labels, m, dz);
    }

    // Loss from probabilities (renormalised, clipped); if dp is not null it receives d(loss/m)/dp,
    // which is 0 for a row whose true-class probability lies outside the clip range.
    template <std::integral Label>
    static loss_sums from_probabilities(const float* p, const Label* labels, std::size_t m,
                                        float* dp = nullptr) noexcept
    {
        loss_sums out;
        const float inv_m = 1.0f / static_cast<float>(m);
        for (std::size_t i = 0; i < m; ++i) {
            const float* row = p + i * N;
            const std::size_t y = checked_label(labels[i]);
            float sum = 0.0f;
            for (std::size_t j = 0; j < N; ++j) sum += row[j];
            const float q = row[y] / sum;
            const float c = detail::clip_probability(q);
            out.loss -= std::log(static_cast<double>(c));
            out.correct += detail::row_argmax<N>(row) == y;
            if (dp != nullptr) {
                // q_k = p_k / S, so dL/dp_k = (dL/dq_y / S) (delta_ky - q_y).
                const float g = detail::clip_passes_gradient(q) ? -1.0f / c : 0.0f;
                const float scale = g / sum * inv_m;
                float* drow = dp + i * N;
                for (std::size_t j = 0; j < N; ++j)
                    drow[j] = scale * ((j == y ? 1.0f : 0.0f) - q);
            }
        }
        return out;
    }

private:
    template <class Label>
    static std::size_t checked_label(Label label) noexcept
    {
        assert(label >= 0 && static_cast<std::size_t>(label) < N);
        return static_cast<std::size_t>(label);
    }

    template <class Label>
    static loss_sums logits_pass(const float* z, float* p_out, const Label* labels, std::size_t m,
                                 float* dz) noexcept
    {
        loss_sums out;
        const float inv_m = 1.0f / static_cast<float>(m);
        float shifted[N];
        float p[N];
        for (std::size_t i = 0; i < m; ++i) {
            const std::size_t y = checked_label(labels[i]);
            const float sum = detail::shifted_exp<N>(z + i * N, shifted, p);
            for (std::size_t j = 0; j < N; ++j) p[j] = p[j] / sum;
            // -log softmax(z)[y] = log(sum) - shifted[y]: no log of an underflowed probability.
            out.loss += std::log(static_cast<double>(sum)) - static_cast<double>(shifted[y]);
            out.correct += detail::row_argmax<N>(p) == y;
            if (p_out != nullptr)
                for (std::size_t j = 0; j < N; ++j) p_out[i * N + j] = p[j];
            if (dz != nullptr)
                for (std::size_t j = 0; j < N; ++j)
                    dz[i * N + j] = (p[j] - (j == y ? 1.0f : 0.0f)) * inv_m;
        }
        return out;
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_SPARSE_CATEGORICAL_CROSSENTROPY_HPP
