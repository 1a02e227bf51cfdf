// compile: binds a model, a loss and an optimizer into a trainer (Keras's model.compile).
#pragma once

#include <type_traits>

#include <ctnet/check/diagnostics.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/train/trainer.hpp>

namespace ctnet {

namespace detail {

template <class Model, class Loss>
constexpr bool loss_fits_output() {
    constexpr const auto& p = facts_of<Model>::planned;
    constexpr stage last = p.stages[p.stage_count - 1];
    constexpr bool plain_dense = last.kind == stage_kind::dense && last.bn == bn_position::none && !last.dropout_fused;
    if constexpr (Loss::logits) return plain_dense && last.activation.id == activation_id::linear;
    else return plain_dense && last.activation.id == activation_id::softmax;
}

template <class Model, class Loss>
struct loss_check {
    static constexpr std::size_t last_layer = facts_of<Model>::layer_count - 1;
    using type = std::conditional_t<Loss::logits, diagnostic::loss_needs_linear_output<last_layer, Loss, Model>,
                                    diagnostic::loss_needs_softmax_output<last_layer, Loss, Model>>;
};

} // namespace detail

/// `auto trainer = compile(model, sparse_categorical_crossentropy{}, sgd{.learning_rate = 0.01f,
/// .momentum = 0.9f, .nesterov = true});` The loss must fit the output layer (checked here).
template <class Model, class Loss, class Optimizer>
auto compile(Model& model, Loss loss, Optimizer optimizer) {
    static_cast<void>(detail::checked<Model>::diagnostic);
    if constexpr (!detail::loss_fits_output<Model, Loss>()) {
        static_cast<void>(typename detail::loss_check<Model, Loss>::type{});
    }
    return trainer<Model, Loss, Optimizer>(model, loss, optimizer);
}

} // namespace ctnet
