// describe_plan: the execution plan in words: fused stages, arena offsets, buffer sizes.
#pragma once

#include <cstddef>
#include <string>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

namespace detail {

inline std::string offset_text(const char* what, std::size_t at, std::size_t n) {
    if (at == no_offset) return {};
    return std::string(" ") + what + "@" + std::to_string(at) + "[" + std::to_string(n) + "]";
}

template <std::size_t N>
std::string describe(const plan<N>& p) {
    std::string t = "plan: " + std::to_string(p.stage_count) + " stages, input " + std::to_string(p.input_size) +
                    " -> output " + std::to_string(p.output_size) + "\n";
    for (std::size_t i = 0; i < p.stage_count; ++i) {
        const stage& s = p.stages[i];
        const stage_origin& o = p.origins[i];
        t += "  stage " + std::to_string(i) + " (layers " + std::to_string(o.first_layer) + ".." +
             std::to_string(o.last_layer) + "): ";
        switch (s.kind) {
        case stage_kind::dense:
            t += "dense " + std::to_string(s.inputs) + "x" + std::to_string(s.units);
            if (s.bn == bn_position::before_activation) t += " + batch_norm";
            if (s.activation.id != activation_id::linear) t += std::string(" + ") + activation_name(s.activation.id);
            if (s.bn == bn_position::after_activation) t += " + batch_norm";
            if (s.dropout_fused) t += " + dropout";
            t += std::string(" (init ") + s.initializer.name + ")";
            break;
        case stage_kind::batch_norm: t += "batch_norm " + std::to_string(s.units); break;
        case stage_kind::activation:
            t += std::string(activation_name(s.activation.id)) + " " + std::to_string(s.units);
            break;
        case stage_kind::dropout: t += "dropout " + std::to_string(s.units); break;
        case stage_kind::alpha_dropout: t += "alpha_dropout " + std::to_string(s.units); break;
        }
        t += "\n    params:";
        t += offset_text("kernel", s.kernel, s.inputs * s.units) + offset_text("bias", s.bias, s.units) +
             offset_text("alpha", s.alpha, s.units) + offset_text("gamma", s.gamma, s.units) +
             offset_text("beta", s.beta, s.units);
        if (s.moving_mean != no_offset)
            t += "  state:" + offset_text("moving_mean", s.moving_mean, s.units) +
                 offset_text("moving_variance", s.moving_variance, s.units);
        t += "\n    buffers per row: in@" + std::to_string(s.in) + offset_text("pre", s.pre, s.units) +
             offset_text("mid", s.mid, s.units) + offset_text("aux", s.aux, s.units) + " out@" + std::to_string(s.out) + "\n";
    }
    t += "arenas: params " + std::to_string(p.param_floats) + " floats (gradients and each optimizer slot the same), " +
         "state " + std::to_string(p.state_floats) + " floats, activations " +
         std::to_string(p.activation_floats_per_row) + " floats per batch row, gradients " +
         std::to_string(p.gradient_floats_per_row) + " floats per batch row\n";
    t += "params: " + std::to_string(p.param_count()) + " (trainable " + std::to_string(p.trainable_count) +
         ", non-trainable " + std::to_string(p.non_trainable_count) + ")\n";
    return t;
}

} // namespace detail

/// Net's plan in words (what `plan_of<Net>` holds): each fused stage with the layers it came
/// from, the offsets of its parameters in the arenas, and its activation buffers.
// constexpr only so that it is instantiated where it is called (summary.hpp says why).
template <class Net>
constexpr std::string describe_plan() {
    static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>);
    return detail::describe(detail::facts_of<Net>::planned);
}

} // namespace ctnet
