// dense: the fully-connected layer, y = f(x W + b), with its options in any order.
#pragma once

#include <cstddef>

#include <ctnet/concepts/activation_type.hpp>
#include <ctnet/concepts/bias_option.hpp>
#include <ctnet/concepts/constraint_type.hpp>
#include <ctnet/concepts/initializer_type.hpp>
#include <ctnet/concepts/regularizer_type.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

namespace detail {

template <class Option>
constexpr void read_dense_option(layer_record& r, std::size_t index) {
    auto fail = [&](option_error e) {
        if (r.option == option_error::none) {
            r.option = e;
            r.option_index = index;
        }
    };
    if constexpr (activation_type<Option>) {
        if (r.activation_given) fail(option_error::duplicate_activation);
        r.activation = Option::activation;
        r.activation_given = true;
    } else if constexpr (initializer_type<Option>) {
        if (r.initializer_given) fail(option_error::duplicate_initializer);
        r.initializer = Option::initializer;
        r.initializer_given = true;
    } else if constexpr (regularizer_type<Option>) {
        if (r.regularizer_given) fail(option_error::duplicate_regularizer);
        r.regularizer = Option::regularizer;
        r.regularizer_given = true;
    } else if constexpr (constraint_type<Option>) {
        if (r.max_norm_given) fail(option_error::duplicate_constraint);
        r.max_norm = Option::max_norm_value;
        r.max_norm_given = true;
    } else if constexpr (bias_option<Option>) {
        if (!r.use_bias) fail(option_error::duplicate_no_bias);
        r.use_bias = false;
    } else {
        fail(option_error::unknown_option);
    }
}

template <class... Options>
constexpr layer_record read_dense_options(std::size_t units) {
    layer_record r;
    r.kind = layer_kind::dense;
    r.units = units;
    std::size_t i = 0;
    (read_dense_option<Options>(r, i++), ...);
    return r;
}

} // namespace detail

/// Dense (fully-connected) layer of Units units on a flat input of n features:
/// y = f(x W + b), W of shape (n, Units) (Keras kernel layout), b of shape (Units).
/// Options, in any order, at most one of each kind:
/// - an activation (default linear), e.g. `relu`, `leaky_relu<0.2f>`;
/// - a kernel initializer (default chosen from the activation: He normal for the ReLU family,
///   ELU, GELU, swish, mish; LeCun normal for SELU; Glorot uniform otherwise), checked against it;
/// - a kernel regularizer `l1<F>`, `l2<F>` or `l1_l2<F1, F2>`;
/// - a constraint `max_norm<M>`;
/// - `no_bias`.
/// Owns n * Units + Units parameters (no bias when linear and followed by batch_norm, or no_bias).
/// See docs/layers.md#dense.
template <std::size_t Units, class... Options>
struct dense {
    static constexpr std::size_t units = Units;
    static constexpr detail::layer_record layer = detail::read_dense_options<Options...>(Units);
};

} // namespace ctnet
