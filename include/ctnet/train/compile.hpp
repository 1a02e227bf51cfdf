// compile: binds a model, a loss and an optimizer into a trainer (Keras's model.compile).
#pragma once

#include <type_traits>

#include <ctnet/check/diagnostics.hpp>
#include <ctnet/check/warnings.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/train/detail/loss_binding.hpp>
#include <ctnet/train/detail/optimizers.hpp>
#include <ctnet/train/trainer.hpp>

namespace ctnet {

namespace detail {

/// Whether the network's output is what the loss expects:
/// - (sparse) categorical cross-entropy: a plain `dense<classes, softmax>` (the fused softmax +
///   CE backward needs nothing between the GEMM and the softmax), or with from_logits a plain
///   linear `dense<classes>`;
/// - binary cross-entropy: a last stage that applies sigmoid (batch norm before it is fine, since
///   the gradient goes through the sigmoid's own backward), or with from_logits a plain linear
///   `dense<units>`;
/// - mean squared error: any output, as in Keras.
template <class Model, class Loss>
constexpr bool loss_fits_output() {
    constexpr const auto& p = facts_of<Model>::planned;
    constexpr stage last = p.stages[p.stage_count - 1];
    constexpr bool plain_dense = last.kind == stage_kind::dense && last.bn == bn_position::none && !last.dropout_fused;
    constexpr loss_kind kind = loss_kind_of<Loss>::value;
    if constexpr (kind == loss_kind::mean_squared) return true;
    else if constexpr (Loss::logits) return plain_dense && last.activation.id == activation_id::linear;
    else if constexpr (kind == loss_kind::binary)
        return (last.kind == stage_kind::dense || last.kind == stage_kind::activation) &&
               last.bn != bn_position::after_activation && !last.dropout_fused &&
               last.activation.id == activation_id::sigmoid;
    else return plain_dense && last.activation.id == activation_id::softmax;
}

template <class Model, class Loss>
struct loss_check {
    static constexpr std::size_t last_layer = facts_of<Model>::layer_count - 1;
    using type = std::conditional_t<
        Loss::logits, diagnostic::loss_needs_linear_output<last_layer, Loss, Model>,
        std::conditional_t<loss_kind_of<Loss>::value == loss_kind::binary,
                           diagnostic::loss_needs_sigmoid_output<last_layer, Loss, Model>,
                           diagnostic::loss_needs_softmax_output<last_layer, Loss, Model>>>;
};

/// The first declared layer with an L2 penalty, or no_offset.
template <class Model>
constexpr std::size_t first_l2_layer() {
    constexpr const auto& p = facts_of<Model>::planned;
    for (std::size_t i = 0; i < p.stage_count; ++i)
        if (p.stages[i].regularizer.l2 > 0.0f) return p.origins[i].dense_layer;
    return no_offset;
}

template <class Optimizer>
inline constexpr bool adaptive_optimizer = std::is_same_v<Optimizer, adam> || std::is_same_v<Optimizer, nadam> ||
                                           std::is_same_v<Optimizer, adamax>;

/// compile's warnings, each unless silenced (docs/diagnostics.md, "Warnings").
template <class Model, class Optimizer, class... Silenced>
constexpr void warn() {
    if constexpr (adaptive_optimizer<Optimizer> && first_l2_layer<Model>() != no_offset &&
                  !(std::is_same_v<Silenced, warnings::l2_with_adaptive_optimizer> || ...))
        diagnostic::l2_with_adaptive_optimizer<first_l2_layer<Model>(), Optimizer>();
}

/// What compile returns when its loss argument is not a loss: the error is already reported, and
/// an inert value stops further instantiation (one error per mistake).
struct not_compiled {};

} // namespace detail

/// `auto trainer = compile(model, sparse_categorical_crossentropy{}, sgd{.learning_rate = 0.01f,
/// .momentum = 0.9f, .nesterov = true});` The loss is one of sparse_categorical_crossentropy,
/// categorical_crossentropy, binary_crossentropy (each optionally `<from_logits>`) and
/// mean_squared_error, and must fit the output layer (checked here; docs/training.md, "Losses").
/// The optimizer is sgd, adam, adamw, adagrad, rmsprop, adamax or nadam; its hyperparameters are
/// checked here (std::invalid_argument). A compiler warning flags a likely mistake (an L2 penalty
/// with adam, nadam or adamax); `silence<warnings::...>{}` as a fourth argument keeps it quiet.
template <class Model, class Loss, class Optimizer, class... Silenced>
auto compile(Model& model, Loss loss, Optimizer optimizer, silence<Silenced...> = {}) {
    static_cast<void>(&detail::diagnostic_t<Model>::template report<Model>);
    if constexpr (!detail::loss_type<Loss>) {
        static_cast<void>(&diagnostic::not_a_loss<Loss>::template report<Model>);
        return detail::not_compiled{};
    } else if constexpr (!detail::optimizer_type<Optimizer>) {
        static_cast<void>(&diagnostic::not_an_optimizer<Optimizer>::template report<Model>);
        return detail::not_compiled{};
    } else {
        if constexpr (!detail::loss_fits_output<Model, Loss>()) {
            static_cast<void>(&detail::loss_check<Model, Loss>::type::template report<Model>);
        }
        detail::warn<Model, Optimizer, Silenced...>();
        return trainer<Model, Loss, Optimizer>(model, loss, optimizer);
    }
}

} // namespace ctnet
