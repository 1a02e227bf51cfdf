// plan_of: the checked execution plan of a network, as a constexpr value.
#pragma once

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

/// Net's plan; naming it checks Net (a declaration mistake is a compile error here).
template <class Net>
inline constexpr const auto& plan_of = (static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>), detail::facts_of<Net>::planned);

} // namespace ctnet
