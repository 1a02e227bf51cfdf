// shape: the per-sample shape of a tensor (batch axis excluded), as a structural constexpr value.
#pragma once

#include <array>
#include <cstddef>

namespace ctnet {

/// Per-sample shape, rank 0..4 (the batch axis is never part of it, as Keras prints `(None, ...)`).
/// Structural, so it can be a template argument of a diagnostic and is printed in the error.
struct shape {
    std::size_t rank = 0;
    std::array<std::size_t, 4> dims{};

    constexpr std::size_t size() const {
        std::size_t n = 1;
        for (std::size_t i = 0; i < rank; ++i) n *= dims[i];
        return n;
    }
    constexpr std::size_t last() const { return rank == 0 ? 1 : dims[rank - 1]; }
    constexpr bool operator==(const shape&) const = default;
};

} // namespace ctnet
