// loss_binding: what the trainer runs for a loss descriptor on a given network (training, evaluation, accuracy, data checks).
#ifndef CTNET_BODY_TRAIN_DETAIL_LOSS_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_LOSS_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <ctnet/exec/executor.hpp>
#include <ctnet/io/dataset.hpp>
#include <ctnet/kernels/binary_crossentropy.hpp>
#include <ctnet/kernels/categorical_crossentropy.hpp>
#include <ctnet/kernels/loss_sums.hpp>
#include <ctnet/kernels/mean_squared_error.hpp>
#include <ctnet/kernels/softmax.hpp>
#include <ctnet/kernels/sparse_categorical_crossentropy.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/train/binary_crossentropy.hpp>
#include <ctnet/train/categorical_crossentropy.hpp>
#include <ctnet/train/mean_squared_error.hpp>
#include <ctnet/train/sparse_categorical_crossentropy.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

enum class loss_kind { sparse_categorical, categorical, binary, mean_squared };

template <class Loss>
struct loss_kind_of;  // only the four descriptors below are losses
template <bool L>
struct loss_kind_of<sparse_categorical_crossentropy<L>> : std::integral_constant<loss_kind, loss_kind::sparse_categorical> {};
template <bool L>
struct loss_kind_of<categorical_crossentropy<L>> : std::integral_constant<loss_kind, loss_kind::categorical> {};
template <bool L>
struct loss_kind_of<binary_crossentropy<L>> : std::integral_constant<loss_kind, loss_kind::binary> {};
template <>
struct loss_kind_of<mean_squared_error> : std::integral_constant<loss_kind, loss_kind::mean_squared> {};

template <class Loss>
concept loss_type = requires { loss_kind_of<Loss>::value; };

/// Which last stage the executor leaves as plain logits for a fused loss (its `fused_softmax`):
/// a dense stage with softmax and nothing after the GEMM. Kept in step with executor.hpp; the
/// loss gradient checks (tests/unit/network/loss_gradient_check.cpp) fail if the two drift apart.
template <class Model>
constexpr bool ends_in_fused_softmax() {
    constexpr const auto& p = facts_of<Model>::planned;
    constexpr stage last = p.stages[p.stage_count - 1];
    return last.kind == stage_kind::dense && last.bn == bn_position::none && !last.dropout_fused &&
           last.activation.id == activation_id::softmax;
}

/// The loss's calls on a network's output. `compile` has checked the fit (loss_fits_output), so
/// the from_logits and softmax paths below only meet the output layers they were written for:
/// - (sparse) categorical CE, softmax output or from_logits on a linear one: the fused softmax +
///   CE pass, dL/dz = (p - y) / m written straight to the last stage's gradient buffer (the
///   executor skips that softmax's backward, and in training leaves its logits in `pre`);
/// - binary CE on a sigmoid output: Keras's clipped from_probabilities value and dL/dp, then the
///   executor's sigmoid backward (p (1 - p) dL/dp = (p - y) / (m N) inside the clip range);
///   from_logits on a linear output: the stable logits form, dL/dz = (p - y) / (m N);
/// - MSE, any output: dL/d(output) = 2 (out - y) / (m N), through the executor's backward; on a
///   fused softmax output the softmax's vector-Jacobian product is applied here instead.
template <class Loss, class Model>
struct loss_binding {
    static constexpr const auto& P = facts_of<Model>::planned;
    static constexpr stage last = P.stages[P.stage_count - 1];
    static constexpr std::size_t outputs = P.output_size;
    static constexpr loss_kind kind = loss_kind_of<Loss>::value;
    static constexpr bool sparse = kind == loss_kind::sparse_categorical;
    using exec = executor<Model>;

    /// What one sample's y is: a class index (sparse) or a row of `target_width` floats.
    using target_type = std::conditional_t<sparse, std::int32_t, float>;
    static constexpr std::size_t target_width = sparse ? 1 : outputs;

    /// The training forward leaves the last softmax's logits for the loss (pass::fused_loss).
    static constexpr bool fused_loss = kind == loss_kind::sparse_categorical || kind == loss_kind::categorical;

    /// Hits counted per sample by the kernel: argmax for the categorical losses, every output
    /// unit for binary_accuracy, none for MSE (no accuracy).
    static constexpr std::size_t hits_per_sample =
        kind == loss_kind::binary ? outputs : kind == loss_kind::mean_squared ? 0 : 1;

    static constexpr const char* name = kind == loss_kind::sparse_categorical ? "sparse_categorical_crossentropy"
                                        : kind == loss_kind::categorical      ? "categorical_crossentropy"
                                        : kind == loss_kind::binary           ? "binary_crossentropy"
                                                                              : "mean_squared_error";

    static const target_type* targets_of(const dataset& d) noexcept {
        if constexpr (sparse) return d.labels.data();
        else return d.targets.data();
    }

    /// Training mode, after exec::forward: the batch's loss sums, and dL/d(last stage's output)
    /// (mean over the batch) in the last stage's gradient buffer.
    static kernels::loss_sums train(const pass& p, const target_type* y) {
        float* logits = p.ws->activations.data() + last.pre * p.m;
        float* grad = exec::gradient_buffer(p, P.stage_count - 1);
        if constexpr (kind == loss_kind::sparse_categorical) {
            return kernels::sparse_categorical_crossentropy<outputs>::softmax_forward_backward(logits, y, p.m, grad);
        } else if constexpr (kind == loss_kind::categorical) {
            return kernels::categorical_crossentropy<outputs>::softmax_forward_backward(logits, y, p.m, grad);
        } else if constexpr (kind == loss_kind::binary) {
            if constexpr (Loss::logits) return kernels::binary_crossentropy<outputs>::from_logits(logits, y, p.m, grad);
            else return kernels::binary_crossentropy<outputs>::from_probabilities(exec::output(p), y, p.m, grad);
        } else {
            const float* out = exec::output(p);
            const auto sums = kernels::mean_squared_error<outputs>::value(y, out, p.m, grad);
            if constexpr (ends_in_fused_softmax<Model>()) kernels::softmax{outputs}.backward(nullptr, out, grad, grad, p.m * outputs);
            return sums;
        }
    }

    /// Inference mode, after exec::forward: the batch's loss sums (Keras's from_probabilities
    /// values with clipping for probability outputs, the logits forms for from_logits).
    static kernels::loss_sums evaluate(const pass& p, const target_type* y) {
        const float* out = exec::output(p);
        if constexpr (kind == loss_kind::sparse_categorical) {
            using k = kernels::sparse_categorical_crossentropy<outputs>;
            return Loss::logits ? k::from_logits(out, y, p.m) : k::from_probabilities(out, y, p.m);
        } else if constexpr (kind == loss_kind::categorical) {
            using k = kernels::categorical_crossentropy<outputs>;
            return Loss::logits ? k::from_logits(out, y, p.m) : k::from_probabilities(out, y, p.m);
        } else if constexpr (kind == loss_kind::binary) {
            using k = kernels::binary_crossentropy<outputs>;
            return Loss::logits ? k::from_logits(out, y, p.m) : k::from_probabilities(out, y, p.m);
        } else {
            return kernels::mean_squared_error<outputs>::value(y, out, p.m);
        }
    }

    /// Keras's metrics=["accuracy"] as it resolves for this loss; NaN for MSE, where Keras would
    /// pick binary or categorical accuracy from the shapes, which means nothing for regression.
    static double accuracy(std::size_t correct, std::size_t samples) noexcept {
        if constexpr (hits_per_sample == 0) return std::numeric_limits<double>::quiet_NaN();
        else return static_cast<double>(correct) / (static_cast<double>(samples) * static_cast<double>(hits_per_sample));
    }

    /// Throws std::invalid_argument, naming `where`, unless d holds the y this loss reads for each
    /// of its n samples: labels in [0, outputs) for sparse CE; otherwise n rows of `outputs` finite
    /// floats, in [0, 1] for the cross-entropies.
    static void check_targets(const dataset& d, const char* where) {
        const std::string at = std::string("ctnet::") + where + ": ";
        if constexpr (sparse) {
            if (d.labels.size() != d.size())
                throw std::invalid_argument(at + std::to_string(d.size()) + " samples but " +
                                            std::to_string(d.labels.size()) + " labels" +
                                            (d.targets.empty() ? ""
                                                               : " (sparse_categorical_crossentropy reads dataset::labels; "
                                                                 "for float targets use categorical_crossentropy)"));
            for (std::size_t i = 0; i < d.labels.size(); ++i)
                if (d.labels[i] < 0 || static_cast<std::size_t>(d.labels[i]) >= outputs)
                    throw std::invalid_argument(at + "label " + std::to_string(d.labels[i]) + " of sample " +
                                                std::to_string(i) + " is not a class of the " +
                                                std::to_string(outputs) + "-way output");
        } else {
            if (d.targets.size() != d.size() * outputs) {
                std::string hint;
                if (d.targets.empty() && !d.labels.empty())
                    hint = kind == loss_kind::categorical
                               ? " (the data has integer labels: one-hot encode them, or use sparse_categorical_crossentropy)"
                               : " (the data has integer labels, which this loss does not read)";
                throw std::invalid_argument(at + name + " needs dataset::targets, one row of " +
                                            std::to_string(outputs) + " floats (the output's size) per sample: " +
                                            std::to_string(d.size()) + " samples need " +
                                            std::to_string(d.size() * outputs) + ", the data has " +
                                            std::to_string(d.targets.size()) + hint);
            }
            constexpr bool probability = kind != loss_kind::mean_squared;
            for (std::size_t i = 0; i < d.targets.size(); ++i) {
                const float t = d.targets[i];
                if (probability ? !(t >= 0.0f && t <= 1.0f) : !std::isfinite(t))
                    throw std::invalid_argument(at + "target " + std::to_string(i % outputs) + " of sample " +
                                                std::to_string(i / outputs) + " is " + std::to_string(t) + "; " +
                                                name + (probability ? " needs targets in [0, 1]" : " needs finite targets"));
            }
        }
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_LOSS_BINDING_HPP
