// regularizer_type: the concept of a weight penalty descriptor (l1, l2, l1_l2).
#pragma once

#include <concepts>

#include <ctnet/core/records.hpp>

namespace ctnet {

template <class T>
concept regularizer_type = requires {
    { T::regularizer } -> std::convertible_to<detail::regularizer_record>;
};

} // namespace ctnet
