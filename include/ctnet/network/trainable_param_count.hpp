// trainable_param_count: the number of parameters training updates (Keras's "Trainable params").
#pragma once

#include <cstddef>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

template <class Net>
inline constexpr std::size_t trainable_param_count = detail::checked<Net>::planned.trainable_count;

} // namespace ctnet
