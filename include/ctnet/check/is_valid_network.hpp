// is_valid_network: the query form of every static check (no diagnostic is instantiated).
#pragma once

#include <ctnet/check/verdict.hpp>
#include <ctnet/network/network_facts.hpp>

namespace ctnet {

/// The first mistake of Net's declaration, or `errc::ok`; computing it reports nothing, so tests
/// write `static_assert(verdict_of<bad>.code == errc::needs_flat_input && verdict_of<bad>.layer == 2)`.
template <network_type Net>
inline constexpr verdict verdict_of = detail::network_facts<typename Net::layer_list>::analysed.result;

template <network_type Net>
inline constexpr bool is_valid_network_v = verdict_of<Net>.ok();

} // namespace ctnet
