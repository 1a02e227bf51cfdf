// activation_type: the concept of an activation descriptor (usable as a dense option or a layer).
#pragma once

#include <concepts>

#include <ctnet/core/records.hpp>

namespace ctnet {

template <class T>
concept activation_type = requires {
    { T::activation } -> std::convertible_to<detail::activation_record>;
};

} // namespace ctnet
