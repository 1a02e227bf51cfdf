// diagnostics: one reporter template per declaration mistake; instantiating one is the error.
#pragma once

#include <cstddef>

#include <ctnet/core/shape.hpp>

/// Every reporter is named after the user's mistake. Its template arguments carry the data the
/// compiler prints: `Layer` is the 0-based index of the layer in the sequential's list, `L` that
/// layer's type, then the other facts (a shape, an option's position, the layer holding the
/// activation). The sentence starts with `ctnet::<entity>:` and ends with the fix.
/// docs/diagnostics.md lists them all with their compile-fail tests.
///
/// The assertion sits in `report<Net>()`, not in the class body. An entry point takes
/// `&R::template report<Net>`; a function that is not constexpr is instantiated at the end of
/// the translation unit, so clang 14 prints one instantiation note, where a class would be
/// instantiated inside the entry point's own instantiation, one note (3 lines) per level. A
/// reporter that asserted in its class body would cost 15 lines on clang 14 instead of 9.
/// `fixed<R>` puts R, with its layer index, in the error on both compilers. Write a new reporter
/// the same way, and trigger it with `&R::template report<Net>`, never `R{}`: `R{}` compiles.
namespace ctnet::diagnostic {

/// False: the condition of every reporter's assertion, so that the compilers print the reporter.
template <class Mistake>
inline constexpr bool fixed = false;


template <class... T>
struct not_a_network {
    template <class Net>
    static void report() {
        static_assert(fixed<not_a_network>,
                      "ctnet: expected a network: ctnet::sequential<...> or a type derived from one");
    }
};

template <class... T>
struct empty_network {
    template <class Net>
    static void report() {
        static_assert(fixed<empty_network>,
                      "ctnet::sequential: the network has no layers; start it with ctnet::input<dims...>");
    }
};

template <std::size_t Layer, class... T>
struct not_a_layer {
    template <class Net>
    static void report() {
        static_assert(fixed<not_a_layer>,
                      "ctnet::sequential: this list entry is not a layer; list ctnet layers (input, flatten, "
                      "dense, batch_norm, dropout, alpha_dropout) or activations");
    }
};

template <std::size_t Layer, class... T>
struct missing_input {
    template <class Net>
    static void report() {
        static_assert(fixed<missing_input>,
                      "ctnet::sequential: a network starts with ctnet::input<dims...>; insert it as the first "
                      "layer");
    }
};

template <std::size_t Layer, class... T>
struct misplaced_input {
    template <class Net>
    static void report() {
        static_assert(fixed<misplaced_input>,
                      "ctnet::input: input<...> may only be the first layer; remove this one");
    }
};

template <std::size_t Layer, class... T>
struct input_shape_invalid {
    template <class Net>
    static void report() {
        static_assert(fixed<input_shape_invalid>,
                      "ctnet::input: give 1 to 4 extents, each at least 1, e.g. input<28, 28>");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct dense_has_two_activations {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_two_activations>,
                      "ctnet::dense: two activations given; keep one");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct dense_has_two_initializers {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_two_initializers>,
                      "ctnet::dense: two kernel initializers given; keep one");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct dense_has_two_regularizers {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_two_regularizers>,
                      "ctnet::dense: two regularizers given; for both penalties write l1_l2<L1, L2>");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct dense_has_two_constraints {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_two_constraints>,
                      "ctnet::dense: two constraints given; keep one max_norm");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct dense_has_two_no_bias {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_two_no_bias>,
                      "ctnet::dense: no_bias given twice; keep one");
    }
};

template <std::size_t Layer, std::size_t Option, class... T>
struct unknown_dense_option {
    template <class Net>
    static void report() {
        static_assert(fixed<unknown_dense_option>,
                      "ctnet::dense: this option is not an activation, an initializer, a regularizer (l1, l2, "
                      "l1_l2), a constraint (max_norm) or no_bias; remove it");
    }
};

template <std::size_t Layer, class... T>
struct dense_has_zero_units {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_has_zero_units>,
                      "ctnet::dense: a dense layer needs at least one unit");
    }
};

template <std::size_t Layer, class... T>
struct dropout_rate_out_of_range {
    template <class Net>
    static void report() {
        static_assert(fixed<dropout_rate_out_of_range>,
                      "ctnet::dropout: the rate is a probability in [0, 1); e.g. dropout<0.2f>");
    }
};

template <std::size_t Layer, class... T>
struct alpha_dropout_rate_out_of_range {
    template <class Net>
    static void report() {
        static_assert(fixed<alpha_dropout_rate_out_of_range>,
                      "ctnet::alpha_dropout: the rate is a probability in [0, 1); e.g. alpha_dropout<0.1f>");
    }
};

template <std::size_t Layer, class... T>
struct batch_norm_momentum_out_of_range {
    template <class Net>
    static void report() {
        static_assert(fixed<batch_norm_momentum_out_of_range>,
                      "ctnet::batch_norm: momentum must be in [0, 1] (Keras default 0.99 keeps 99% of the "
                      "moving average)");
    }
};

template <std::size_t Layer, class... T>
struct batch_norm_epsilon_not_positive {
    template <class Net>
    static void report() {
        static_assert(fixed<batch_norm_epsilon_not_positive>,
                      "ctnet::batch_norm: epsilon must be positive (Keras default 1e-3)");
    }
};

template <std::size_t Layer, class... T>
struct leaky_relu_negative_slope {
    template <class Net>
    static void report() {
        static_assert(fixed<leaky_relu_negative_slope>,
                      "ctnet::leaky_relu: the slope must be >= 0 (Keras rejects negative slopes)");
    }
};

template <std::size_t Layer, class... T>
struct rrelu_bounds_out_of_order {
    template <class Net>
    static void report() {
        static_assert(fixed<rrelu_bounds_out_of_order>,
                      "ctnet::rrelu: needs 0 <= Lower <= Upper");
    }
};

template <std::size_t Layer, class... T>
struct elu_alpha_not_positive {
    template <class Net>
    static void report() {
        static_assert(fixed<elu_alpha_not_positive>,
                      "ctnet::elu: Alpha must be > 0 (the gradient is computed from the output, which needs a "
                      "positive Alpha; Keras allows any); for Alpha = 0 use relu");
    }
};

template <std::size_t Layer, class... T>
struct negative_regularization_factor {
    template <class Net>
    static void report() {
        static_assert(fixed<negative_regularization_factor>,
                      "ctnet::dense: regularization factors must be >= 0");
    }
};

template <std::size_t Layer, class... T>
struct max_norm_not_positive {
    template <class Net>
    static void report() {
        static_assert(fixed<max_norm_not_positive>,
                      "ctnet::max_norm: the maximum norm must be positive");
    }
};

template <std::size_t Layer, ::ctnet::shape Input, class... T>
struct dense_needs_flat_input {
    template <class Net>
    static void report() {
        static_assert(fixed<dense_needs_flat_input>,
                      "ctnet::dense: this layer's input has rank > 1 (shape shown in Input); insert "
                      "ctnet::flatten before it");
    }
};

template <std::size_t Layer, ::ctnet::shape Input, class... T>
struct batch_norm_needs_flat_input {
    template <class Net>
    static void report() {
        static_assert(fixed<batch_norm_needs_flat_input>,
                      "ctnet::batch_norm: this layer's input has rank > 1 (shape shown in Input); insert "
                      "ctnet::flatten before it");
    }
};

template <std::size_t Layer, std::size_t ActivationLayer, class... T>
struct initializer_does_not_suit_activation {
    template <class Net>
    static void report() {
        static_assert(fixed<initializer_does_not_suit_activation>,
                      "ctnet::dense: the kernel initializer does not suit the activation (Glorot for "
                      "linear/sigmoid/tanh/softmax, He for the ReLU family, ELU, GELU, swish, mish, LeCun "
                      "for SELU); change it, or write unchecked<Init> to keep it");
    }
};

template <std::size_t Layer, class... T>
struct selu_network_has_batch_norm {
    template <class Net>
    static void report() {
        static_assert(fixed<selu_network_has_batch_norm>,
                      "ctnet::selu: a SELU network self-normalizes and must not use batch_norm; remove it");
    }
};

template <std::size_t Layer, class... T>
struct selu_network_has_dropout {
    template <class Net>
    static void report() {
        static_assert(fixed<selu_network_has_dropout>,
                      "ctnet::selu: plain dropout breaks self-normalization; use alpha_dropout");
    }
};

template <std::size_t Layer, class... T>
struct selu_network_needs_lecun_normal {
    template <class Net>
    static void report() {
        static_assert(fixed<selu_network_needs_lecun_normal>,
                      "ctnet::selu: every dense layer of a SELU network needs lecun_normal weights");
    }
};

template <std::size_t Layer, class... T>
struct selu_network_mixes_activations {
    template <class Net>
    static void report() {
        static_assert(fixed<selu_network_mixes_activations>,
                      "ctnet::selu: every hidden dense layer of a SELU network must use selu");
    }
};

template <std::size_t Layer, class... T>
struct softmax_not_on_last_layer {
    template <class Net>
    static void report() {
        static_assert(fixed<softmax_not_on_last_layer>,
                      "ctnet::softmax: softmax may only be the activation of the last layer");
    }
};

template <std::size_t Layer, std::size_t Previous, class... T>
struct double_activation {
    template <class Net>
    static void report() {
        static_assert(fixed<double_activation>,
                      "ctnet::sequential: this activation layer follows a layer that already applies an "
                      "activation; remove one of the two");
    }
};


} // namespace ctnet::diagnostic

namespace ctnet::diagnostic {

template <std::size_t LastLayer, class... T>
struct loss_needs_softmax_output {
    template <class Net>
    static void report() {
        static_assert(fixed<loss_needs_softmax_output>,
                      "ctnet::compile: this loss needs a network whose last layer is a dense layer "
                      "with softmax (dense<classes, softmax>); change the output layer, or pass "
                      "from_logits for a linear one");
    }
};

template <std::size_t LastLayer, class... T>
struct loss_needs_linear_output {
    template <class Net>
    static void report() {
        static_assert(fixed<loss_needs_linear_output>,
                      "ctnet::compile: from_logits expects raw logits: the last layer must be a "
                      "dense layer without activation (dense<classes>); drop its activation, or "
                      "drop from_logits");
    }
};

template <std::size_t LastLayer, class... T>
struct loss_needs_sigmoid_output {
    template <class Net>
    static void report() {
        static_assert(fixed<loss_needs_sigmoid_output>,
                      "ctnet::compile: binary_crossentropy needs a network whose last layer applies "
                      "sigmoid (dense<units, sigmoid>); change the output layer, or pass from_logits "
                      "for a linear one");
    }
};

template <class... T>
struct not_a_loss {
    template <class Net>
    static void report() {
        static_assert(fixed<not_a_loss>,
                      "ctnet::compile: the second argument is not a loss; pass "
                      "sparse_categorical_crossentropy{}, categorical_crossentropy{}, "
                      "binary_crossentropy{} or mean_squared_error{}");
    }
};

template <class... T>
struct not_an_optimizer {
    template <class Net>
    static void report() {
        static_assert(fixed<not_an_optimizer>,
                      "ctnet::compile: the third argument is not an optimizer; pass sgd{...}, adam{...}, adamw{...}, adagrad{...}, rmsprop{...}, adamax{...} or nadam{...}");
    }
};

} // namespace ctnet::diagnostic

// Reusing layers (network/copy_layers.hpp): copy_layers<Count> and sequential's converting
// constructor. `From` and `To` are the layer types at index Layer in the two networks.
namespace ctnet::diagnostic {

template <std::size_t Layer, class From, class To, class... T>
struct layers_do_not_line_up {
    template <class Net>
    static void report() {
        static_assert(fixed<layers_do_not_line_up>,
                      "ctnet::copy_layers: the two networks differ at this layer (its index, the source "
                      "network's layer and the target's, in this order, are in this error); copy only the "
                      "layers they share, or declare this one alike (frozen<...>, initializer, regularizer "
                      "and constraint may differ)");
    }
};

template <std::size_t Count, std::size_t FromLayers, std::size_t ToLayers, class... T>
struct too_many_layers_to_copy {
    template <class Net>
    static void report() {
        static_assert(fixed<too_many_layers_to_copy>,
                      "ctnet::copy_layers: asked for more layers than a network has (the count, then the "
                      "source's and the target's number of layers, are in this error)");
    }
};

} // namespace ctnet::diagnostic
