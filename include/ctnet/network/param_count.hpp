// param_count: the number of parameters of a network, counted as Keras counts them.
#pragma once

#include <cstddef>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

/// Trainable plus non-trainable (batch norm's moving statistics), as Keras's "Total params".
template <class Net>
inline constexpr std::size_t param_count =
    (static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>), detail::facts_of<Net>::planned.param_count());

} // namespace ctnet
