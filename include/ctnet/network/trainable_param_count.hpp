// trainable_param_count: the number of parameters training updates (Keras's "Trainable params").
#pragma once

#include <cstddef>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

template <class Net>
inline constexpr std::size_t trainable_param_count =
    (static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>), detail::facts_of<Net>::planned.trainable_count);

} // namespace ctnet
