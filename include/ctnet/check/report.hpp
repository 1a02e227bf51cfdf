// report: names, from a network's verdict, the one diagnostic to instantiate (or none).
#pragma once

#include <ctnet/check/diagnostics.hpp>
#include <ctnet/check/verdict.hpp>
#include <ctnet/core/records.hpp>
#include <ctnet/core/type_list.hpp>

namespace ctnet::detail {

/// The reporter of a valid network: its report reports nothing.
struct no_mistake {
    template <class Net>
    static void report() {}
};

// Declarations only: `decltype(pick_reporter<V, List>())` names the reporter type without
// instantiating it (a prvalue in decltype need not be complete), and constraints are checked
// before the return type is formed, so only the matching overload touches the layer list. The
// public entry points then take `&diagnostic_t<Net>::template report<Net>` (network_facts.hpp).
template <verdict V, class List>
    requires(V.code == errc::ok)
no_mistake pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::empty_network)
diagnostic::empty_network<List> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::not_a_layer)
diagnostic::not_a_layer<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::missing_input)
diagnostic::missing_input<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::misplaced_input)
diagnostic::misplaced_input<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_input_shape)
diagnostic::input_shape_invalid<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::duplicate_activation)
diagnostic::dense_has_two_activations<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::duplicate_initializer)
diagnostic::dense_has_two_initializers<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::duplicate_regularizer)
diagnostic::dense_has_two_regularizers<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::duplicate_constraint)
diagnostic::dense_has_two_constraints<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::duplicate_no_bias)
diagnostic::dense_has_two_no_bias<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::unknown_option)
diagnostic::unknown_dense_option<V.layer, V.other, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::zero_units)
diagnostic::dense_has_zero_units<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_dropout_rate && type_at<V.layer, List>::layer.kind == layer_kind::dropout)
diagnostic::dropout_rate_out_of_range<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_dropout_rate && type_at<V.layer, List>::layer.kind != layer_kind::dropout)
diagnostic::alpha_dropout_rate_out_of_range<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_momentum)
diagnostic::batch_norm_momentum_out_of_range<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_epsilon)
diagnostic::batch_norm_epsilon_not_positive<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::negative_slope)
diagnostic::leaky_relu_negative_slope<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_rrelu_bounds)
diagnostic::rrelu_bounds_out_of_order<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_elu_alpha)
diagnostic::elu_alpha_not_positive<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::negative_regularization)
diagnostic::negative_regularization_factor<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::bad_max_norm)
diagnostic::max_norm_not_positive<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::selu_with_batch_norm)
diagnostic::selu_network_has_batch_norm<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::selu_with_dropout)
diagnostic::selu_network_has_dropout<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::selu_needs_lecun_normal)
diagnostic::selu_network_needs_lecun_normal<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::selu_mixed_activations)
diagnostic::selu_network_mixes_activations<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::softmax_not_last)
diagnostic::softmax_not_on_last_layer<V.layer, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::needs_flat_input && type_at<V.layer, List>::layer.kind == layer_kind::dense)
diagnostic::dense_needs_flat_input<V.layer, V.got, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::needs_flat_input && type_at<V.layer, List>::layer.kind != layer_kind::dense)
diagnostic::batch_norm_needs_flat_input<V.layer, V.got, type_at<V.layer, List>> pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::initializer_mismatch)
diagnostic::initializer_does_not_suit_activation<V.layer, V.other, type_at<V.layer, List>, type_at<V.other, List>>
pick_reporter();

template <verdict V, class List>
    requires(V.code == errc::double_activation)
diagnostic::double_activation<V.layer, V.other, type_at<V.layer, List>, type_at<V.other, List>> pick_reporter();

} // namespace ctnet::detail
