// errc: the mistakes the analysis can find in a network declaration, one enumerator each.
#pragma once

namespace ctnet {

/// One value per mistake. Each has a reporter in diagnostic:: of the same spirit, a compile-fail
/// test under tests/compile_fail/, and a line in docs/diagnostics.md.
enum class errc {
    ok,
    empty_network,
    not_a_layer,
    missing_input,
    misplaced_input,
    bad_input_shape,
    duplicate_activation,
    duplicate_initializer,
    duplicate_regularizer,
    duplicate_constraint,
    duplicate_no_bias,
    unknown_option,
    zero_units,
    bad_dropout_rate,
    bad_momentum,
    bad_epsilon,
    negative_slope,
    bad_rrelu_bounds,
    bad_elu_alpha,
    negative_regularization,
    bad_max_norm,
    needs_flat_input,
    initializer_mismatch,
    selu_with_batch_norm,
    selu_with_dropout,
    selu_needs_lecun_normal,
    selu_mixed_activations,
    softmax_not_last,
    double_activation,
};

} // namespace ctnet
