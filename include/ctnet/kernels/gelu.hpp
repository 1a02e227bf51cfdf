// Elementwise kernel of the Gaussian error linear unit, exact (erf) form.
#pragma once

#include <ctnet/kernels/detail/float_math.hpp>
#include <ctnet/kernels/detail/lanes.hpp>

#include <cstddef>

namespace ctnet::kernels {

// y = z Phi(z) with Phi the standard normal CDF (= z/2 (1 + erf(z/sqrt 2))), the default of
// keras.activations.gelu and of the string "gelu" (keras.ops.gelu defaults to the tanh
// approximation instead). Phi is evaluated through erfc, so the negative tail keeps relative
// accuracy where 1 + erf(.) would cancel. dz = dy (Phi(z) + z phi(z)); backward reads z.
struct gelu {
    static constexpr bool backward_reads_input = true;
    static constexpr bool backward_reads_output = false;

    void forward(const float* z, float* y, std::size_t n) const noexcept {
        detail::map_lanes(n, y, [](auto v) { return v * detail::normal_cdf(v); }, z);
    }
    void backward(const float* z, const float*, const float* dy, float* dz, std::size_t n) const noexcept {
        detail::map_lanes(
            n, dz, [](auto v, auto g) { return g * detail::madd(v, detail::normal_pdf(v), detail::normal_cdf(v)); },
            z, dy);
    }
};

} // namespace ctnet::kernels
