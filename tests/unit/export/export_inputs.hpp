// The inputs both sides of the export test predict on (export_models.cpp writes the expected outputs,
// use_exported_models.cpp recomputes them through the exported headers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace export_test {

inline constexpr std::size_t rows = 37;  // more than one row: batches and single samples both run

inline std::vector<float> inputs(std::size_t width) {
    std::vector<float> x(rows * width);
    std::uint32_t h = 4242;
    for (float& v : x) {
        h = h * 1664525u + 1013904223u;
        v = static_cast<float>(h >> 8) / 16777216.0f * 1.5f - 0.25f;
    }
    return x;
}

} // namespace export_test
