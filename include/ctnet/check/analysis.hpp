// analysis: the constexpr pass over a network's layer records: shapes, resolved defaults, verdict.
#pragma once

#include <array>
#include <cstddef>

#include <ctnet/check/verdict.hpp>
#include <ctnet/core/records.hpp>
#include <ctnet/core/shape.hpp>

namespace ctnet::detail {

inline constexpr std::size_t no_layer = static_cast<std::size_t>(-1);

/// What the analysis learns about each layer: never fails, always returns a full table, with
/// the first mistake in `result` (so a bad network still yields one diagnostic, not a cascade).
template <std::size_t N>
struct analysis {
    verdict result{};
    std::array<layer_record, N> layers{};
    std::array<shape, N> in{};                          // input shape of each layer
    std::array<shape, N> out{};                         // output shape of each layer
    std::array<activation_record, N> activation{};      // dense: the activation its output feeds
    std::array<std::size_t, N> activation_source{};     // dense: the layer that declares it
    std::array<initializer_record, N> initializer{};    // dense: kernel initializer, defaults resolved
    std::array<bool, N> bias{};                         // dense: owns a bias after resolution
    std::array<bool, N> bias_dropped{};                 // dense: bias dropped before batch_norm
};

constexpr initializer_record default_initializer(init_family f) {
    switch (f) {
    case init_family::he:
        return {init_family::he, 2.0f, fan_mode::fan_in, distribution::truncated_normal, 0.0f, false, "he_normal"};
    case init_family::lecun:
        return {init_family::lecun, 1.0f, fan_mode::fan_in, distribution::truncated_normal, 0.0f, false,
                "lecun_normal"};
    default:
        return {init_family::glorot, 1.0f, fan_mode::fan_avg, distribution::uniform, 0.0f, false, "glorot_uniform"};
    }
}

constexpr bool is_lecun_normal(const initializer_record& i) {
    return i.family == init_family::lecun && i.dist == distribution::truncated_normal;
}

constexpr errc option_errc(option_error e) {
    switch (e) {
    case option_error::duplicate_activation: return errc::duplicate_activation;
    case option_error::duplicate_initializer: return errc::duplicate_initializer;
    case option_error::duplicate_regularizer: return errc::duplicate_regularizer;
    case option_error::duplicate_constraint: return errc::duplicate_constraint;
    case option_error::duplicate_no_bias: return errc::duplicate_no_bias;
    case option_error::unknown_option: return errc::unknown_option;
    default: return errc::ok;
    }
}

/// The activation a layer applies itself, if any (dense option or activation layer).
constexpr bool applies_activation(const layer_record& r) {
    return (r.kind == layer_kind::dense || r.kind == layer_kind::activation) && r.activation_given &&
           r.activation.id != activation_id::linear;
}

/// Hyperparameter checks on one layer's own values.
constexpr errc check_hyperparameters(const layer_record& r) {
    if (r.kind == layer_kind::dense && r.units == 0) return errc::zero_units;
    if ((r.kind == layer_kind::dropout || r.kind == layer_kind::alpha_dropout) && !(r.rate >= 0.0f && r.rate < 1.0f))
        return errc::bad_dropout_rate;
    if (r.kind == layer_kind::batch_norm) {
        if (!(r.momentum >= 0.0f && r.momentum <= 1.0f)) return errc::bad_momentum;
        if (!(r.epsilon > 0.0f)) return errc::bad_epsilon;
    }
    if (r.kind == layer_kind::dense || r.kind == layer_kind::activation) {
        if (r.activation.id == activation_id::leaky_relu && r.activation.alpha < 0.0f) return errc::negative_slope;
        if (r.activation.id == activation_id::rrelu &&
            !(r.activation.lower >= 0.0f && r.activation.lower <= r.activation.upper))
            return errc::bad_rrelu_bounds;
        // Keras allows any alpha, but the kernel's backward tells z > 0 from y > 0, which holds only for alpha > 0.
        if (r.activation.id == activation_id::elu && !(r.activation.alpha > 0.0f)) return errc::bad_elu_alpha;
    }
    if (r.kind == layer_kind::dense) {
        if (r.regularizer.l1 < 0.0f || r.regularizer.l2 < 0.0f) return errc::negative_regularization;
        if (r.max_norm_given && !(r.max_norm > 0.0f)) return errc::bad_max_norm;
    }
    return errc::ok;
}

template <std::size_t N>
constexpr analysis<N> analyse(const std::array<layer_record, N>& layers) {
    analysis<N> a;
    a.layers = layers;
    auto fail = [&](errc code, std::size_t layer, std::size_t other = 0, shape got = {}) {
        if (a.result.ok()) a.result = verdict{code, layer, other, got};
    };
    if constexpr (N == 0) {
        fail(errc::empty_network, 0);
        return a;
    } else {
        // Pass 1: each layer on its own, and the shape table.
        shape current{};
        for (std::size_t i = 0; i < N; ++i) {
            const layer_record& r = layers[i];
            a.in[i] = current;
            a.activation_source[i] = no_layer;
            if (r.kind == layer_kind::not_a_layer) {
                fail(errc::not_a_layer, i);
                a.out[i] = current;
                continue;
            }
            if (i == 0 && r.kind != layer_kind::input) fail(errc::missing_input, 0);
            if (i != 0 && r.kind == layer_kind::input) fail(errc::misplaced_input, i);
            if (r.kind == layer_kind::input) {
                bool extents_ok = r.input_shape.rank >= 1 && r.input_shape.rank <= 4;
                for (std::size_t d = 0; extents_ok && d < r.input_shape.rank; ++d) extents_ok = r.input_shape.dims[d] > 0;
                if (!extents_ok) fail(errc::bad_input_shape, i);
            }
            if (r.option != option_error::none) fail(option_errc(r.option), i, r.option_index);
            if (errc e = check_hyperparameters(r); e != errc::ok) fail(e, i);
            switch (r.kind) {
            case layer_kind::input: current = r.input_shape; break;
            case layer_kind::flatten: current = shape{1, {current.size()}}; break;
            case layer_kind::dense:
                if (current.rank != 1) fail(errc::needs_flat_input, i, 0, current);
                current = shape{1, {r.units}};
                break;
            case layer_kind::batch_norm:
                if (current.rank != 1) fail(errc::needs_flat_input, i, 0, current);
                break;
            default: break;
            }
            a.out[i] = current;
        }

        // Pass 2: how layers combine: double activations, softmax placement, resolved defaults.
        for (std::size_t i = 0; i < N; ++i) {
            const layer_record& r = layers[i];
            if (r.kind == layer_kind::activation && i > 0 && applies_activation(layers[i - 1]))
                fail(errc::double_activation, i, i - 1);
            if ((r.kind == layer_kind::dense || r.kind == layer_kind::activation) &&
                r.activation.id == activation_id::softmax && i + 1 != N)
                fail(errc::softmax_not_last, i);
            if (r.kind != layer_kind::dense) continue;

            // The activation this dense output feeds: its own, else an activation layer right
            // after it, or right after the batch_norm that follows it (BN before activation).
            a.activation[i] = r.activation;
            a.activation_source[i] = i;
            if (!applies_activation(r)) {
                std::size_t j = i + 1;
                if (j < N && layers[j].kind == layer_kind::batch_norm) ++j;
                if (j < N && layers[j].kind == layer_kind::activation) {
                    a.activation[i] = layers[j].activation;
                    a.activation_source[i] = j;
                }
            }
            const init_family wanted = suited_family(a.activation[i].id);
            if (r.initializer_given) {
                a.initializer[i] = r.initializer;
                if (!r.initializer.unchecked && r.initializer.family != wanted)
                    fail(errc::initializer_mismatch, i, a.activation_source[i]);
            } else {
                a.initializer[i] = default_initializer(wanted);
            }
            a.bias_dropped[i] = r.use_bias && !applies_activation(r) && i + 1 < N &&
                                layers[i + 1].kind == layer_kind::batch_norm;
            a.bias[i] = r.use_bias && !a.bias_dropped[i];
        }

        // Pass 3: a network using SELU must be self-normalizing (Klambauer et al.).
        bool selu = false;
        for (std::size_t i = 0; i < N; ++i)
            if ((layers[i].kind == layer_kind::dense || layers[i].kind == layer_kind::activation) &&
                layers[i].activation.id == activation_id::selu)
                selu = true;
        if (selu) {
            std::size_t last_dense = no_layer;
            for (std::size_t i = 0; i < N; ++i)
                if (layers[i].kind == layer_kind::dense) last_dense = i;
            for (std::size_t i = 0; i < N; ++i) {
                const layer_record& r = layers[i];
                if (r.kind == layer_kind::batch_norm) fail(errc::selu_with_batch_norm, i);
                if (r.kind == layer_kind::dropout) fail(errc::selu_with_dropout, i);
                if (r.kind != layer_kind::dense) continue;
                if (a.activation[i].id == activation_id::selu && !is_lecun_normal(a.initializer[i]))
                    fail(errc::selu_needs_lecun_normal, i);
                if (i != last_dense && a.activation[i].id != activation_id::selu)
                    fail(errc::selu_mixed_activations, i);
            }
        }
        return a;
    }
}

} // namespace ctnet::detail
