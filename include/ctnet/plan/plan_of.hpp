// plan_of: the checked execution plan of a network, as a constexpr value.
#pragma once

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

/// Net's plan; naming it checks Net (a declaration mistake is a compile error here).
template <class Net>
inline constexpr const auto& plan_of = detail::checked<Net>::planned;

} // namespace ctnet
