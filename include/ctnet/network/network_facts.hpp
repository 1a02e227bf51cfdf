// network_facts: the analysis and the plan of a layer list, computed once per list.
#pragma once

#include <array>
#include <type_traits>

#include <ctnet/check/analysis.hpp>
#include <ctnet/check/report.hpp>
#include <ctnet/concepts/layer_type.hpp>
#include <ctnet/concepts/network_type.hpp>
#include <ctnet/core/type_list.hpp>
#include <ctnet/plan/make_plan.hpp>

namespace ctnet::detail {

template <class List>
struct network_facts;

template <class... Layers>
struct network_facts<type_list<Layers...>> {
    static constexpr std::size_t layer_count = sizeof...(Layers);
    static constexpr analysis<layer_count> analysed =
        analyse(std::array<layer_record, layer_count>{record_of<Layers>()...});
    static constexpr plan<layer_count> planned = make_plan(analysed);
};

/// What a non-network is checked as after its one error: a valid network, so nothing cascades.
struct inert_layer {
    static constexpr layer_record layer{layer_kind::input, shape{1, {1}}};
};

template <class Net>
struct list_of {
    using type = type_list<inert_layer>;
};

template <network_type Net>
struct list_of<Net> {
    using type = typename Net::layer_list;
};

/// The layer list and facts of Net, and its diagnostic type: `diagnostic_t<Net>{}` is the check
/// (it instantiates the reporter of Net's first mistake, or an empty type).
template <class Net>
using facts_of = network_facts<typename list_of<Net>::type>;

template <class Net>
using diagnostic_t = decltype(pick_reporter<facts_of<Net>::analysed.result, typename list_of<Net>::type>());

/// Net's facts after its check: naming `checked<Net>::planned` instantiates Net's diagnostic as a
/// member, so a mistake yields its one error and the plan value stays usable (no cascade).
template <class Net>
struct checked {
    static constexpr std::conditional_t<network_type<Net>, no_mistake, diagnostic::not_a_network<Net>> network{};
    static constexpr diagnostic_t<Net> diagnostic{};
    static constexpr const auto& analysed = facts_of<Net>::analysed;
    static constexpr const auto& planned = facts_of<Net>::planned;
};

} // namespace ctnet::detail
