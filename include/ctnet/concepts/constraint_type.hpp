// constraint_type: the concept of a weight constraint descriptor (max_norm).
#pragma once

#include <concepts>

namespace ctnet {

template <class T>
concept constraint_type = requires {
    { T::max_norm_value } -> std::convertible_to<float>;
};

} // namespace ctnet
