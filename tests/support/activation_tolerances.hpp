// Tolerances of the activation, Philox and VarianceScaling tests, each with why it is that size.
//
// The kernels compute in float; the oracles are double-precision formulas evaluated at the same
// float input, finite differences in double, or Keras 3 (float32, JAX) reference vectors. A check
// passes when |got - want| <= abs + rel * |want|.
#pragma once

namespace ctnet::test::activation_math {

struct tolerance {
    double abs;
    double rel;
};

// One float ulp relative (2^-24 is half an ulp; 2^-23 a full one at the bottom of a binade).
inline constexpr double ulp = 1.0 / 8388608.0;

// The smallest subnormal float. In the subnormal range a float has fewer bits, so relative
// bounds do not hold there: forward checks allow `abs * max(1, |z|)`, because an intermediate
// rounded to a subnormal step (e^-100 has 5 significant bits) is then multiplied by z.
inline constexpr double subnormal_step = 1.40129846432481707e-45;

// The polynomial exp/expm1 (Cephes coefficients, about 1 ulp) followed by at most three float
// operations (1 + e, a division, a product with z): 6 ulp covers the sum of the rounding
// errors; 4 subnormal steps for the two-factor scaling (s1 * s2 rounds twice) and the product.
inline constexpr tolerance forward_exp_based{4 * subnormal_step, 6 * ulp};
// Piecewise-linear activations (relu, leaky, prelu, rrelu): one rounded product at most.
inline constexpr tolerance forward_exact{0.5 * subnormal_step, 0.5 * ulp};
// GELU: Phi(z) through erfc's Chebyshev fit (1.05e-7 relative in exact arithmetic, measured
// over [0, 20] in double when this was written) plus float evaluation of the fit and of exp:
// 16 ulp. The tail is not relaxed: the erfc form keeps relative accuracy there.
inline constexpr tolerance forward_gelu{8 * subnormal_step, 16 * ulp};

// Derivatives computed from y (sigmoid, tanh, elu, selu, softmax) lose relative accuracy where
// they are small, because y carries an absolute error of an ulp of |y| and the derivative is a
// difference such as 1 - y or y + alpha. The error is at most a few ulp of the larger term:
// abs = 4 ulp of the scale of y (1 for sigmoid/tanh, alpha for elu, scale*alpha for selu), rel
// for the well-conditioned part.
inline constexpr double derivative_from_output_abs_per_unit_scale = 4 * ulp;
inline constexpr double derivative_rel = 8 * ulp;
// Derivatives computed from z (gelu, swish, mish) combine two exp-based terms that may cancel
// (gelu' crosses 0 near z = -0.75, swish' near z = -1.28, mish' near z = -1.19): the error is a
// few ulp of the larger term, |z| * |second term|, bounded by 16 ulp of max(1, |z| f-scale).
inline constexpr double derivative_from_input_abs = 16 * ulp;

// Finite differences of the double formulas: central, step h = 1e-4 max(1, |z|); truncation
// h^2 |f'''| / 6 < 2e-9 for these functions (|f'''| < 1.2), rounding 1e-16 / h < 1e-12.
inline constexpr double fd_double_step = 1e-4;
inline constexpr tolerance fd_double{1e-8, 1e-7};
// Finite differences of the float kernel itself at z on a 1/64 grid with h = 1/64 (exact
// z +- h): rounding 2 * 6 ulp * |f| / (2h) < 2e-4 for |f| <= 8, truncation h^2 |f'''| / 6 < 5e-5.
inline constexpr double fd_float_step = 1.0 / 64.0;
inline constexpr tolerance fd_float{2.5e-4, 2.5e-4};

// Softmax rows: each y is exp (6 ulp) divided by a float sum of N terms (N ulp relative at
// worst); N <= 1000 in the tests.
inline constexpr double softmax_forward_rel_per_term = ulp;
inline constexpr tolerance softmax_forward_base{1e-44, 8 * ulp};

// Moments of n draws: a check at 5 standard errors fails by chance with probability < 6e-7.
inline constexpr double moment_z = 5.0;

// Keras reference vectors: float32 JAX outputs (XLA's own exp/erf/tanh, a few ulp) against ours
// (a few ulp): their difference is bounded by the sum, 16 ulp relative; abs for values near 0
// where both round independently (gradients that cross 0).
inline constexpr tolerance keras_forward{1e-7, 16 * ulp};
inline constexpr tolerance keras_gradient{2e-7, 32 * ulp};
// Keras's gelu(approximate=True) computes x/2 (1 + tanh u) in float32: 1 + tanh u cancels
// (absolute error ~ulp(1)) in the negative tail, e.g. Keras gives -0 at x = -5 where the value
// is -2.3e-7, and 1 - tanh^2 u in its gradient likewise. Our kernel uses x s(2u), which does not
// cancel, so the comparison allows the oracle's own error: forward abs |x| * 4 ulp, gradient
// abs |x| u'(x) * 8 ulp (u' = sqrt(2/pi) (1 + 0.134 x^2)), on top of the usual tolerances.
inline constexpr double keras_gelu_tanh_forward_abs_per_x = 4 * ulp;
inline constexpr double keras_gelu_tanh_gradient_abs_per_x_du = 8 * ulp;

} // namespace ctnet::test::activation_math
