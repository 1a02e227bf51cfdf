// Keras VarianceScaling weight initialisation (Glorot, He and LeCun are instances) drawn from
// Philox with our own transforms, so a seed gives the same weights on every compiler.
#pragma once

#include <ctnet/kernels/philox.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ctnet::kernels {

enum class fan_mode { fan_in, fan_out, fan_avg };
enum class distribution { truncated_normal, untruncated_normal, uniform };

// The numbers Keras derives from (fans, scale, mode, distribution).
struct variance_scaling_params {
    double target_std; // sqrt(scale / max(1, fan)): the std of the weights actually drawn
    double stddev;     // std of the normal before truncation (target_std / 0.8796...), or 0 for uniform
    double bound;      // |w| <= bound: 2 stddev (truncated), limit sqrt(3 scale / fan) (uniform), or 0
};

// 0.87962566103423978 is the std of a unit normal truncated to [-2, 2]; Keras divides by it so
// that the truncated draws have std sqrt(scale / fan).
inline constexpr double truncated_normal_std_ratio = 0.87962566103423978;

inline variance_scaling_params variance_scaling_spread(std::size_t fan_in, std::size_t fan_out, double scale,
                                                       fan_mode mode, distribution dist) noexcept {
    const double in = static_cast<double>(fan_in), out = static_cast<double>(fan_out);
    const double fan = mode == fan_mode::fan_in ? in : mode == fan_mode::fan_out ? out : (in + out) / 2.0;
    const double target = std::sqrt(scale / std::max(1.0, fan));
    switch (dist) {
    case distribution::truncated_normal: {
        const double s = target / truncated_normal_std_ratio;
        return {target, s, 2.0 * s};
    }
    case distribution::untruncated_normal:
        return {target, target, 0.0};
    case distribution::uniform:
    default:
        return {target, 0.0, std::sqrt(3.0) * target};
    }
}

// Fills w[i * fan_out + j], the Keras kernel layout (fan_in, fan_out) row-major. Element (i, j)
// is drawn from philox lane j % 4 of counter {stream, attempt, i, j / 4}: uniform draws use
// attempt 0 and limit (2u - 1); normal draws use Box-Muller (philox::to_normals) and, when
// truncated, redraw with attempt + 1 while |n| > 2, as Keras redraws outside 2 stddev. Each
// weight is rounded to float once, from double. Same (seed, stream) -> bitwise the same weights.
inline void fill_variance_scaling(float* w, std::size_t fan_in, std::size_t fan_out, float scale, fan_mode mode,
                                  distribution dist, std::uint64_t seed, std::uint32_t stream) noexcept {
    const variance_scaling_params p = variance_scaling_spread(fan_in, fan_out, scale, mode, dist);
    for (std::size_t i = 0; i < fan_in; ++i) {
        const auto row = static_cast<std::uint32_t>(i);
        float* wr = w + i * fan_out;
        for (std::size_t j0 = 0; j0 < fan_out; j0 += 4) {
            const std::size_t lanes = std::min<std::size_t>(4, fan_out - j0);
            const philox::block ctr{stream, 0, row, static_cast<std::uint32_t>(j0 >> 2)};
            const philox::block b = philox::generate(ctr, seed);
            if (dist == distribution::uniform) {
                for (std::size_t l = 0; l < lanes; ++l)
                    wr[j0 + l] = static_cast<float>(p.bound * (2.0 * static_cast<double>(philox::to_unit(b[l])) - 1.0));
                continue;
            }
            const std::array<double, 4> n = philox::to_normals(b);
            for (std::size_t l = 0; l < lanes; ++l) {
                double v = n[l];
                if (dist == distribution::truncated_normal)
                    for (std::uint32_t attempt = 1; std::abs(v) > 2.0; ++attempt)
                        v = philox::to_normals(philox::generate({stream, attempt, row, ctr[3]}, seed))[l];
                wr[j0 + l] = static_cast<float>(v * p.stddev);
            }
        }
    }
}

// Keras Constant / zeros / ones.
inline void fill_constant(float* w, std::size_t n, float value) noexcept { std::fill(w, w + n, value); }

} // namespace ctnet::kernels
