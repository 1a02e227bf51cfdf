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

/// The layer list and facts of Net. They stay valid for a bad network (a non-network is checked
/// as the inert network above), so a value read after the check's one error cascades nothing.
template <class Net>
using facts_of = network_facts<typename list_of<Net>::type>;

/// The reporter of Net's first mistake (diagnostic::not_a_network for a non-network), or
/// no_mistake. An entry point that checks Net names `&diagnostic_t<Net>::template report<Net>`
/// in its own initializer or body, not through a helper: a helper template would add a level
/// to g++'s "required from" chain. The report is instantiated once per network, at the end of
/// the translation unit (diagnostics.hpp says why).
template <class Net>
using diagnostic_t =
    std::conditional_t<network_type<Net>,
                       decltype(pick_reporter<facts_of<Net>::analysed.result, typename list_of<Net>::type>()),
                       diagnostic::not_a_network<Net>>;

} // namespace ctnet::detail
