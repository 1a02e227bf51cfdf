// dependent_false: a condition that is false only once a template is instantiated (g++ 12 has no
// static_assert(false) in templates).
#pragma once

#include <cstddef>

namespace ctnet::detail {

template <class... T>
inline constexpr bool dependent_false = false;

template <auto... V>
inline constexpr bool dependent_false_v = false;

} // namespace ctnet::detail
