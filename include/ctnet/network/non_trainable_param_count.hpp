// non_trainable_param_count: parameters not updated by gradients (batch norm's moving statistics).
#pragma once

#include <cstddef>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

template <class Net>
inline constexpr std::size_t non_trainable_param_count = detail::checked<Net>::planned.non_trainable_count;

} // namespace ctnet
