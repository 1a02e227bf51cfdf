// layer_tensors: every weight tensor of a plan with the declared layer that owns it.
#pragma once

#include <array>
#include <cstddef>

#include <ctnet/plan/plan.hpp>

namespace ctnet::detail {

enum class tensor_role { kernel, bias, alpha, gamma, beta, moving_mean, moving_variance };

/// One tensor: the declared layer it belongs to, what it is, where it lives (the parameter arena,
/// or the state arena for moving statistics) and its size in floats.
struct layer_tensor {
    std::size_t layer = 0;
    tensor_role role = tensor_role::kernel;
    bool in_state = false;
    std::size_t at = 0;
    std::size_t count = 0;
};

template <std::size_t N>
struct layer_tensor_list {
    std::array<layer_tensor, 7 * N> tensors{};
    std::size_t size = 0;
};

/// The tensors of plan p in stage order (within a stage: kernel, bias, alpha, then the batch norm's).
template <std::size_t N>
constexpr layer_tensor_list<N> layer_tensors(const plan<N>& p) {
    layer_tensor_list<N> out;
    auto add = [&](std::size_t layer, tensor_role role, bool state, std::size_t at, std::size_t count) {
        if (at != no_offset) out.tensors[out.size++] = {layer, role, state, at, count};
    };
    for (std::size_t i = 0; i < p.stage_count; ++i) {
        const stage& s = p.stages[i];
        const stage_origin& o = p.origins[i];
        const std::size_t bn = o.bn_layer != no_offset ? o.bn_layer : o.first_layer;
        add(o.dense_layer, tensor_role::kernel, false, s.kernel, s.inputs * s.units);
        add(o.dense_layer, tensor_role::bias, false, s.bias, s.units);
        add(o.activation_layer, tensor_role::alpha, false, s.alpha, s.units);
        add(bn, tensor_role::gamma, false, s.gamma, s.units);
        add(bn, tensor_role::beta, false, s.beta, s.units);
        add(bn, tensor_role::moving_mean, true, s.moving_mean, s.units);
        add(bn, tensor_role::moving_variance, true, s.moving_variance, s.units);
    }
    return out;
}

} // namespace ctnet::detail
