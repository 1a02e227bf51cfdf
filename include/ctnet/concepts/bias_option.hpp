// bias_option: the concept of the option that removes a dense layer's bias (no_bias).
#pragma once

#include <concepts>

namespace ctnet {

template <class T>
concept bias_option = requires {
    { T::removes_bias } -> std::convertible_to<bool>;
};

} // namespace ctnet
