// verdict: the result of checking a network: the first mistake found, where, and its data.
#pragma once

#include <cstddef>

#include <ctnet/check/errc.hpp>
#include <ctnet/core/shape.hpp>

namespace ctnet {

/// `code == errc::ok` for a valid network; otherwise the first mistake found by the first of the
/// analysis's three passes that finds one (each layer alone; how layers combine; the SELU rules),
/// in declaration order within a pass.
/// `layer` is the 0-based index in the type list; `other` a second index where the mistake
/// involves two layers (the layer holding the activation, the offending option's position...).
struct verdict {
    errc code = errc::ok;
    std::size_t layer = 0;
    std::size_t other = 0;
    shape got{};
    constexpr bool ok() const { return code == errc::ok; }
    constexpr bool operator==(const verdict&) const = default;
};

} // namespace ctnet
