// Tolerances of the loss, batch-norm, regularizer and SGD kernel tests, each with why it is that size.
//
// The kernels compute in float (sums over a row or a batch column in float lanes, the final
// per-sample loss sum in double); the oracles are double-precision formulas or finite differences
// of them, or Keras 3 (float32, JAX) for the reference vectors. A check passes when
// |got - want| <= abs + rel * |want|.
#pragma once

namespace ctnet::test::training_math {

struct tolerance {
    double abs;
    double rel;
};

// Loss values: float softmax/log per element (a few ulp, 6e-8 each), summed in double; the
// relative error of a mean loss of order 1 stays below ~1e-6 for N up to a few hundred classes.
inline constexpr tolerance loss_value{1e-6, 2e-6};

// Loss gradients, which are O(1/m) or O(1/(m N)): float p - y carries a few ulp of p (< 1),
// i.e. ~3e-7 absolute before the 1/m scaling; abs is given for m = 1 and divided by m by callers.
inline constexpr tolerance loss_grad{5e-7, 1e-5};

// Gradients through a renormalisation and a clip (from_probabilities): 1/c and 1/S amplify the
// float rounding of q = p / S by up to 1/c, and test inputs keep c >= 1e-2, so 100x loss_grad.
inline constexpr tolerance loss_grad_from_probabilities{5e-5, 1e-4};

// Finite differences of the double loss (central, step 1e-4 on O(1) inputs): truncation error
// h^2 f''' / 6 ~ 1e-9, far below the float rounding of the kernel's gradient, so the kernel's
// float tolerance (loss_grad) is what matters; this one adds the FD's own error.
inline constexpr double fd_step = 1e-4;
inline constexpr tolerance fd_extra{1e-8, 1e-6};

// Batch norm forward on O(1) data, m <= 64 rows: column sums in float over m terms (relative error
// ~m * 6e-8 = 4e-6 worst case on the mean), normalised values are O(sqrt(m)).
inline constexpr tolerance bn_forward{2e-5, 2e-5};
// Moving statistics: one multiply-add on top of the batch statistics' error.
inline constexpr tolerance bn_moving{2e-6, 1e-5};
// Batch norm backward: dx = c (m dy - sum dy - x_hat sum dy x_hat) cancels terms of size
// m |dy| ~ 64, so the float result carries ~64 * 6e-8 * a few absolute error before scaling by
// c = gamma inv_std / m (O(1/m)); 5e-5 absolute covers it with margin.
inline constexpr tolerance bn_backward{5e-5, 5e-5};
// Folding: one or two float products per weight, and a K-term float sum for the bias.
inline constexpr tolerance bn_fold{1e-5, 1e-5};
// A batch norm's gamma/beta gradients from the next dense's weight-gradient tile: sums of at most
// 64 float products of O(1) values in 16 lanes (~8 roundings a lane, then 16 lanes added), so
// ~1e-6 of the sum of |terms| (~20 here); dW = gamma G + beta s is two roundings.
inline constexpr tolerance bn_through_dense{2e-5, 1e-6};

// Regularizer penalties: float squares/abs summed in 16 lanes over chunks of 1024, chunks in double:
// error ~ 64 terms * 6e-8 relative to the sum.
inline constexpr tolerance penalty{0.0, 1e-6};
// Regularizer gradients and max-norm: one or two roundings per element.
inline constexpr tolerance per_element{1e-7, 1e-6};

// SGD over a few steps: each step rounds v and w once or twice (float, or one FMA on the native
// build); over 5 steps that is ~10 ulp of O(1) values.
inline constexpr tolerance sgd_steps{1e-6, 2e-6};
// Adam over 10 steps against its recurrence in double: alpha's powers and a sqrt and a division
// per step, each a few float ulps, and m / (sqrt(v) + eps) amplifies the relative error of v's
// sqrt little (the update is a bounded ratio); measured worst about 4e-7 relative.
inline constexpr tolerance adam_steps{1e-6, 4e-6};
// Adagrad over 10 steps: acc += g^2 is one rounding a step (the sum only grows, so its relative
// error stays ~10 ulp), then a sqrt and a division: a few ulp of each update, ~1e-6 over 10 steps.
inline constexpr tolerance adagrad_steps{1e-6, 2e-6};
// RMSprop over 10 steps: v's moving average, a sqrt and a division per step, and with momentum a
// sum of the increments; the centered v - g_avg^2 cancels (the test keeps it above ~1/4 of v, so
// at most ~4x the relative error of v); a few ulp a step, measured worst about 1e-6 relative.
inline constexpr tolerance rmsprop_steps{1e-6, 4e-6};
// Adamax over 10 steps: m as Adam's, u a max of exact |g| and a rounded beta_2 u, alpha's power
// and one division: a few ulp a step, as Adam.
inline constexpr tolerance adamax_steps{1e-6, 4e-6};
// Nadam over 10 steps: Adam's roundings plus the momentum schedule's float32 powers and running
// product (one rounding a step each, ~1e-6 relative after 300 steps) and two divisions.
inline constexpr tolerance nadam_steps{1e-6, 4e-6};

// Against Keras 3 float32 reference vectors. Losses: both sides round in float32, in different
// orders: a few ulp of values and gradients of order 1.
inline constexpr tolerance keras_loss{2e-6, 1e-5};
// Keras batch norm computes y = x * (gamma inv_std) + (beta - mean * gamma inv_std); on the
// reference's nearly constant feature (x ~ 1, inv_std ~ 30 or ~300) that form cancels two values of
// ~300 in float32. Measured against the double formula, Keras's own error on that feature is
// 4.8e-5 in y and 1e-3 in grad_x (whose values reach 742, i.e. 1.4e-6 relative); ctnet's
// gamma * x_hat + beta form does not cancel. Hence 1e-4 absolute plus 1e-5 relative.
inline constexpr tolerance keras_bn{1e-4, 1e-5};

} // namespace ctnet::test::training_math
