// copy_layers: reusing a network's first layers in another (transfer learning), checked at compile time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctnet/check/analysis.hpp>
#include <ctnet/check/diagnostics.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/plan/layer_tensors.hpp>

namespace ctnet::detail {

/// Whether two declared layers compute the same function of the same weights: all but frozen<...>,
/// the initializer (it only draws the first weights), the regularizer and the constraint (training
/// settings) agree.
constexpr bool same_layer(const layer_record& a, const layer_record& b) {
    bool shape_equal = a.input_shape.rank == b.input_shape.rank;
    for (std::size_t d = 0; shape_equal && d < a.input_shape.rank; ++d)
        shape_equal = a.input_shape.dims[d] == b.input_shape.dims[d];
    return a.kind == b.kind && shape_equal && a.units == b.units && a.activation == b.activation &&
           applies_activation(a) == applies_activation(b) && a.use_bias == b.use_bias && a.momentum == b.momentum &&
           a.epsilon == b.epsilon && a.rate == b.rate;
}

/// The first of the first Count layers where networks From and To differ, or no_layer.
template <std::size_t Count, class From, class To>
constexpr std::size_t first_unaligned_layer() {
    constexpr auto& a = facts_of<From>::analysed.layers;
    constexpr auto& b = facts_of<To>::analysed.layers;
    for (std::size_t i = 0; i < Count; ++i)
        if (!same_layer(a[i], b[i])) return i;
    return no_layer;
}

/// What copying Count layers from From to To reports (no_mistake when it fits).
template <std::size_t Count, class From, class To>
constexpr auto copy_check() {
    constexpr std::size_t from_layers = facts_of<From>::layer_count, to_layers = facts_of<To>::layer_count;
    if constexpr (Count > from_layers || Count > to_layers) {
        return diagnostic::too_many_layers_to_copy<Count, from_layers, to_layers>{};
    } else {
        constexpr std::size_t i = first_unaligned_layer<Count, From, To>();
        if constexpr (i != no_layer)
            return diagnostic::layers_do_not_line_up<i, type_at<i, typename list_of<From>::type>,
                                                     type_at<i, typename list_of<To>::type>>{};
        else
            return no_mistake{};
    }
}

/// Copies every tensor of To's first Count layers from From's tensor of the same layer and role.
/// A bias From does not have (dropped there because a batch_norm follows the layer in From but not
/// in To) becomes zero, which is what From's layer computed; a bias To drops is not copied.
template <std::size_t Count, class From, class To>
void copy_layer_weights(const From& from, To& to) {
    static constexpr auto ours = layer_tensors(facts_of<To>::planned);
    static constexpr auto theirs = layer_tensors(facts_of<From>::planned);
    for (std::size_t t = 0; t < ours.size; ++t) {
        const layer_tensor& o = ours.tensors[t];
        if (o.layer >= Count) continue;
        float* dst = (o.in_state ? to.state() : to.parameters()) + o.at;
        const layer_tensor* match = nullptr;
        for (std::size_t u = 0; u < theirs.size; ++u)
            if (theirs.tensors[u].layer == o.layer && theirs.tensors[u].role == o.role) match = &theirs.tensors[u];
        if (match == nullptr) {
            std::fill(dst, dst + o.count, 0.0f);
            continue;
        }
        const float* src = (match->in_state ? from.state() : from.parameters()) + match->at;
        std::copy(src, src + o.count, dst);
    }
}

} // namespace ctnet::detail

namespace ctnet {

/// Copies the weights (moving statistics included) of `from`'s first Count declared layers into
/// `to`'s, which must declare the same layers there (input<...> is layer 0): a layer that differs
/// is a compile error naming its index and both types. `to`'s other layers keep their weights.
/// Transfer learning: `model_b_t b{seed{2}}; copy_layers<4>(model_a, b);` (docs/transfer.md).
// constexpr only so that it is instantiated where it is called, which keeps clang 14's error for
// layers that do not line up at one note (diagnostics.hpp); it never runs at compile time.
template <std::size_t Count, class From, class To>
constexpr void copy_layers(const From& from, To& to) {
    static_cast<void>(&detail::diagnostic_t<From>::template report<From>);
    static_cast<void>(&detail::diagnostic_t<To>::template report<To>);
    using check = decltype(detail::copy_check<Count, From, To>());
    static_cast<void>(&check::template report<To>);
    if constexpr (std::is_same_v<check, detail::no_mistake>) detail::copy_layer_weights<Count>(from, to);
}

} // namespace ctnet
