// unchecked: the escape hatch that turns off the initializer/activation pairing check for one layer.
#pragma once

#include <ctnet/concepts/initializer_type.hpp>
#include <ctnet/core/records.hpp>

namespace ctnet {

/// `dense<100, relu, unchecked<glorot_uniform>>`: use Init even though it does not suit the
/// activation. Only the pairing check is skipped; every other check still applies.
template <class Init>
struct unchecked {};  // not an initializer unless Init is one: a dense then reports an unknown option

template <initializer_type Init>
struct unchecked<Init> {
    static constexpr detail::initializer_record initializer = [] {
        auto r = Init::initializer;
        r.unchecked = true;
        return r;
    }();
};

} // namespace ctnet
