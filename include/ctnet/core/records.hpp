// The small constexpr records that descriptors publish and the analysis reads: facts, no behaviour.
#pragma once

#include <cstddef>

#include <ctnet/core/shape.hpp>

namespace ctnet::detail {

enum class activation_id {
    linear, sigmoid, tanh, softmax, relu, leaky_relu, prelu, rrelu, elu, selu, gelu, swish, mish
};

/// Which initializer family suits an activation (Glorot and Bengio; He et al.; Klambauer et al.).
enum class init_family { glorot, he, lecun, none };

struct activation_record {
    activation_id id = activation_id::linear;
    float alpha = 0.0f;   // leaky_relu slope, elu alpha
    float lower = 0.0f;   // rrelu bounds
    float upper = 0.0f;
    constexpr bool operator==(const activation_record&) const = default;
};

constexpr init_family suited_family(activation_id a) {
    switch (a) {
    case activation_id::linear:
    case activation_id::sigmoid:
    case activation_id::tanh:
    case activation_id::softmax: return init_family::glorot;
    case activation_id::selu: return init_family::lecun;
    default: return init_family::he;
    }
}

constexpr const char* activation_name(activation_id a) {
    constexpr const char* names[] = {"linear", "sigmoid", "tanh",  "softmax", "relu",  "leaky_relu", "prelu",
                                     "rrelu",  "elu",     "selu",  "gelu",    "swish", "mish"};
    return names[static_cast<int>(a)];
}

enum class fan_mode { fan_in, fan_out, fan_avg };
enum class distribution { truncated_normal, untruncated_normal, uniform, constant };

struct initializer_record {
    init_family family = init_family::none;
    float scale = 1.0f;
    fan_mode mode = fan_mode::fan_in;
    distribution dist = distribution::constant;
    float constant = 0.0f;
    bool unchecked = false;
    const char* name = "zeros";
    constexpr bool operator==(const initializer_record& o) const {
        return family == o.family && scale == o.scale && mode == o.mode && dist == o.dist &&
               constant == o.constant;
    }
};

struct regularizer_record {
    float l1 = 0.0f;
    float l2 = 0.0f;
    constexpr bool any() const { return l1 != 0.0f || l2 != 0.0f; }
    constexpr bool operator==(const regularizer_record&) const = default;
};

enum class layer_kind { not_a_layer, input, flatten, dense, batch_norm, activation, dropout, alpha_dropout };

constexpr const char* layer_kind_name(layer_kind k) {
    constexpr const char* names[] = {"?", "input", "flatten", "dense", "batch_norm", "activation", "dropout",
                                     "alpha_dropout"};
    return names[static_cast<int>(k)];
}

/// What went wrong among a dense layer's options, found while reading them.
enum class option_error { none, duplicate_activation, duplicate_initializer, duplicate_regularizer,
                          duplicate_constraint, duplicate_no_bias, unknown_option };

/// Everything the analysis knows about one declared layer. Fields a kind does not use stay default.
struct layer_record {
    layer_kind kind = layer_kind::not_a_layer;
    shape input_shape{};                 // input<...>
    std::size_t units = 0;               // dense
    activation_record activation{};      // dense option, or the activation layer itself
    bool activation_given = false;
    initializer_record initializer{};    // dense kernel
    bool initializer_given = false;
    regularizer_record regularizer{};    // dense kernel
    bool regularizer_given = false;
    float max_norm = 0.0f;               // dense kernel constraint
    bool max_norm_given = false;
    bool use_bias = true;
    float momentum = 0.0f;               // batch_norm
    float epsilon = 0.0f;
    float rate = 0.0f;                   // dropout, alpha_dropout
    bool frozen = false;                 // frozen<...>: Keras's trainable = False
    option_error option = option_error::none;
    std::size_t option_index = 0;        // which option of the layer is wrong
};

} // namespace ctnet::detail
