// make_plan: turns an analysed network into its plan: fusion groups and memory layout.
#pragma once

#include <cstddef>

#include <ctnet/check/analysis.hpp>
#include <ctnet/plan/plan.hpp>

namespace ctnet::detail {

constexpr std::size_t align_up(std::size_t n, std::size_t a) { return (n + a - 1) / a * a; }

/// Fusion rules, applied greedily in declaration order:
/// - `flatten` and `input` emit no stage (a flatten is a reshape);
/// - `dense` absorbs what follows it, in this order: a batch_norm right after a linear dense
///   (BN before activation) or after the dense's own activation (BN after activation); an
///   activation layer right after a linear dense or after that batch_norm; then one dropout;
/// - anything else is a stage of its own.
/// So `dense<50, leaky_relu<0.2f>>` and `dense<50>, leaky_relu<0.2f>` give the same stage.
/// A frozen<...> layer fuses as the layer it wraps; its parameters count as non-trainable and its
/// stage's train_* flag says which of them stay fixed (the layout is the same either way).
template <std::size_t N>
constexpr plan<N> make_plan(const analysis<N>& a) {
    plan<N> p;
    const auto& L = a.layers;
    std::size_t params = 0, state = 0, acts = 0;
    std::size_t current = 0, width = 0, widest = 0;
    auto param = [&](std::size_t n, bool trainable) {
        const std::size_t at = params;
        params = align_up(params + n, plan<N>::alignment);
        (trainable ? p.trainable_count : p.non_trainable_count) += n;
        return at;
    };
    auto state_of = [&](std::size_t n) {
        const std::size_t at = state;
        state = align_up(state + n, plan<N>::alignment);
        p.non_trainable_count += n;
        return at;
    };
    auto buffer = [&](std::size_t n) {
        const std::size_t at = acts;
        acts += n;
        return at;
    };
    auto activation_params = [&](stage& s, std::size_t n, std::size_t layer) {
        if (s.activation.id != activation_id::prelu) return;
        s.train_alpha = !L[layer].frozen;
        s.alpha = param(n, s.train_alpha);
    };

    for (std::size_t i = 0; i < N; ++i) {
        const layer_record& r = L[i];
        if (r.kind == layer_kind::input) {
            width = r.input_shape.size();
            p.input_size = width;
            current = buffer(width);
            widest = width;
            continue;
        }
        if (r.kind == layer_kind::flatten || r.kind == layer_kind::not_a_layer) continue;

        stage s;
        stage_origin o{i, i};
        s.inputs = width;
        s.in = current;
        if (r.kind == layer_kind::dense) {
            s.kind = stage_kind::dense;
            s.units = r.units;
            s.initializer = a.initializer[i];
            s.regularizer = r.regularizer;
            s.max_norm = r.max_norm;
            o.dense_layer = i;
            const bool own = applies_activation(r);
            std::size_t j = i + 1;
            std::size_t activation_layer = i;
            if (own) s.activation = r.activation;
            if (!own && j < N && L[j].kind == layer_kind::batch_norm) {
                s.bn = bn_position::before_activation;
                o.bn_layer = j++;
            }
            if (!own && j < N && L[j].kind == layer_kind::activation) {
                activation_layer = j;
                s.activation = L[j++].activation;
            }
            if (s.bn == bn_position::none && j < N && L[j].kind == layer_kind::batch_norm) {
                s.bn = bn_position::after_activation;
                o.bn_layer = j++;
            }
            if (j < N && L[j].kind == layer_kind::dropout) {
                s.dropout_fused = true;
                s.rate = L[j++].rate;
            }
            o.last_layer = j - 1;
            if (s.activation.id != activation_id::linear) o.activation_layer = activation_layer;
            s.train_kernel = !r.frozen;
            s.kernel = param(width * r.units, s.train_kernel);
            if (a.bias[i]) s.bias = param(r.units, s.train_kernel);
            activation_params(s, r.units, activation_layer);
            if (s.bn != bn_position::none) {
                s.momentum = L[o.bn_layer].momentum;
                s.epsilon = L[o.bn_layer].epsilon;
                s.train_bn = !L[o.bn_layer].frozen;
                s.gamma = param(r.units, s.train_bn);
                s.beta = param(r.units, s.train_bn);
                s.moving_mean = state_of(r.units);
                s.moving_variance = state_of(r.units);
            }
            const bool plain = s.activation.id == activation_id::linear && !s.dropout_fused;
            s.pre = buffer(r.units);
            if (s.bn != bn_position::none) {
                s.mid = buffer(r.units);
                s.aux = buffer(r.units);
            }
            s.out = plain ? (s.bn != bn_position::none ? s.aux : s.pre) : buffer(r.units);
            i = o.last_layer;
            width = r.units;
        } else {
            s.units = width;
            switch (r.kind) {
            case layer_kind::batch_norm:
                s.kind = stage_kind::batch_norm;
                s.bn = bn_position::after_activation;
                s.momentum = r.momentum;
                s.epsilon = r.epsilon;
                s.train_bn = !r.frozen;
                s.gamma = param(width, s.train_bn);
                s.beta = param(width, s.train_bn);
                s.moving_mean = state_of(width);
                s.moving_variance = state_of(width);
                s.pre = buffer(width);
                break;
            case layer_kind::activation:
                s.kind = stage_kind::activation;
                s.activation = r.activation;
                o.activation_layer = i;
                activation_params(s, width, i);
                break;
            case layer_kind::dropout:
                s.kind = stage_kind::dropout;
                s.rate = r.rate;
                break;
            default:
                s.kind = stage_kind::alpha_dropout;
                s.rate = r.rate;
                break;
            }
            s.out = buffer(width);
        }
        current = s.out;
        widest = widest > width ? widest : width;
        p.origins[p.stage_count] = o;
        p.stages[p.stage_count++] = s;
    }
    p.output_size = width;
    p.param_floats = params;
    p.state_floats = state;
    p.activation_floats_per_row = acts;
    p.gradient_floats_per_row = 2 * widest;
    return p;
}

} // namespace ctnet::detail
