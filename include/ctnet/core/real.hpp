// real: a float hyperparameter usable as a template argument on g++ 12 and clang 14 alike.
#pragma once

#include <limits>
#include <type_traits>

namespace ctnet {

namespace detail::error {
// A null function pointer: calling it during constant evaluation stops compilation at the user's
// literal, and both compilers quote the call, so this name is the reason. A non-constexpr function
// would do the same, but clang 14 then adds `note: declared here` (3 more lines, 13 in all).
inline constexpr void (*hyperparameter_must_be_a_finite_float)() = nullptr;
} // namespace detail::error

/// A hyperparameter written as a template argument: `leaky_relu<0.2f>`, `dropout<0.2>`, `l2<1>`.
/// clang 14 rejects a plain `float` template parameter but accepts a structural class holding one;
/// both compilers print the value in decimal in diagnostics. NaN, infinities and values outside
/// float's range are rejected where they are written. -0 and +0 become one value (one type).
struct real {
    float value;

    template <class T>
        requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
    consteval real(T v) : value(0.0f) {
        const long double x = static_cast<long double>(v);
        const long double max = std::numeric_limits<float>::max();
        if (!(x >= -max && x <= max)) detail::error::hyperparameter_must_be_a_finite_float();
        value = static_cast<float>(x);
        if (value == 0.0f) value = 0.0f;
    }

    constexpr operator float() const { return value; }
};

} // namespace ctnet
