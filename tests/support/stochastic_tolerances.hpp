// Tolerances of the rrelu and alpha dropout tests (tests/unit/network/stochastic_layers.cpp), each with why it is that size.
#pragma once

namespace ctnet::test::stochastic {

// One float ulp relative at the bottom of a binade.
inline constexpr double ulp = 1.0 / 8388608.0;

// Statistical checks compare a sample mean (or variance, or frequency) with its expectation and
// allow this many standard errors. The draws are fixed by the seed, so a test passes or fails
// every time; 5 standard errors is a bound a correct generator exceeds with probability below
// 1e-6 for a normal statistic (n = 32768 here, where the normal approximation is good), while a
// wrong slope range, mask rate or affine correction moves the statistic by tens of them.
inline constexpr double sigmas = 5.0;

// The standard error of the sample variance of n draws is sqrt((mu4 - sigma^4) / n); for a
// standard normal input mu4 = 3, and alpha dropout's output, a mixture of a x + b (kept) and
// a alpha_p + b (dropped), has mu4 between 2.3 and 2.8 for the rates tested (0.05: 2.73, 0.2:
// 2.26, 0.5: 2.73, from the mixture's moments). The check uses mu4 = 4, an upper bound that also
// covers the finite sample's own deviation from normality.
inline constexpr double fourth_moment_bound = 4.0;

// Against Keras's AlphaDropout (float32 on JAX): a x + b and a alpha_p + b are two or three
// rounded float operations on either side (ours: one fused or unfused multiply-add from a and b
// rounded from double; Keras: a and b rounded from Python floats, then a product and a sum, and
// the rate 0.05 is a double there and a float here, which moves a and b by about 1e-9
// relative). 4 ulp of the value covers both roundings; values are of order 1, so no absolute
// part is needed beyond 4 ulp of 1.
inline constexpr double keras_rel = 4 * ulp;
inline constexpr double keras_abs = 4 * ulp;

// Against PyTorch's F.rrelu in inference: y = x * (lower + upper) / 2, one rounded product on
// each side; the slope itself is rounded once in each (from double in torch, from the sum of two
// floats here). 2 ulp relative; the derivative (the slope or 1, times w) the same.
inline constexpr double torch_rel = 2 * ulp;

} // namespace ctnet::test::stochastic
