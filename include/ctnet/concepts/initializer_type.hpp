// initializer_type: the concept of a kernel initializer descriptor.
#pragma once

#include <concepts>

#include <ctnet/core/records.hpp>

namespace ctnet {

template <class T>
concept initializer_type = requires {
    { T::initializer } -> std::convertible_to<detail::initializer_record>;
};

} // namespace ctnet
