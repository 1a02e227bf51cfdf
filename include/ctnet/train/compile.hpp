// compile: binds a model, a loss and an optimizer into a trainer (Keras's model.compile).
#pragma once

#include <ctnet/check/diagnostics.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/train/trainer.hpp>

namespace ctnet {

namespace detail {

template <class Model, class Loss>
constexpr bool loss_fits_output() {
    constexpr const auto& p = facts_of<Model>::planned;
    if constexpr (Loss::needs_softmax_output) {
        constexpr stage last = p.stages[p.stage_count - 1];
        return last.kind == stage_kind::dense && last.activation.id == activation_id::softmax &&
               last.bn == bn_position::none && !last.dropout_fused;
    }
    return true;
}

template <class Model, class Loss>
struct loss_check {
    using type = diagnostic::loss_needs_softmax_output<Loss, facts_of<Model>::planned.stage_count - 1, Model>;
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
