// layer_type: the concept of something that can be listed in a sequential network.
#pragma once

#include <concepts>

#include <ctnet/concepts/activation_type.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// A layer descriptor publishes a `layer` record; an activation descriptor is a layer too
/// (`dense<50>, leaky_relu<0.2f>` as in Keras's separate LeakyReLU layer).
template <class T>
concept layer_type = activation_type<T> || requires {
    { T::layer } -> std::convertible_to<detail::layer_record>;
};

namespace detail {

template <class T>
constexpr layer_record record_of() {
    if constexpr (requires { { T::layer } -> std::convertible_to<layer_record>; }) {
        return T::layer;
    } else if constexpr (activation_type<T>) {
        layer_record r;
        r.kind = layer_kind::activation;
        r.activation = T::activation;
        r.activation_given = true;
        return r;
    } else {
        return layer_record{};
    }
}

} // namespace detail
} // namespace ctnet
