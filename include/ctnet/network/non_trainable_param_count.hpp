// non_trainable_param_count: parameters not updated by gradients (batch norm's moving statistics).
#pragma once

#include <cstddef>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

template <class Net>
inline constexpr std::size_t non_trainable_param_count =
    (static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>), detail::facts_of<Net>::planned.non_trainable_count);

} // namespace ctnet
