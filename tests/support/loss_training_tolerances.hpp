// Tolerances of the loss-training tests (tests/integration/train_losses_against_keras.cpp and
// tests/unit/network/loss_gradient_check.cpp), each with the reason for its size.
#pragma once

namespace ctnet::test::loss_training {

// Against Keras 3 (float32 on JAX, another summation order): weights and losses of a tiny network
// after up to three SGD-Nesterov steps at learning rate 0.1 and momentum 0.9. A float rounding
// difference of ~1e-7 in a gradient grows through the velocity (factor up to 1 + 0.9 + 0.81) and
// the steps into a few 1e-6 on weights of size ~1; the check is |got - want| <= tol (1 + |want|).
// The same figure as tests/integration/train_against_keras.cpp, which has batch norm on top.
inline constexpr double keras_weights = 2e-5;
// Loss values: a mean of 6 per-sample losses, each a few float ulps (~1e-7 relative) apart from
// Keras's, plus the weights' difference above carried through one forward.
inline constexpr double keras_loss = 2e-5;
// Accuracies are counts over 6 samples (or 6 x units outputs): any real disagreement is at least
// 1/18; 1e-6 only absorbs Keras's float32 division.
inline constexpr double keras_accuracy = 1e-6;
// predict() after training: outputs of size ~1 (logits up to ~4), the weights' error times |x| ~ 2.
inline constexpr double keras_predict = 5e-5;

// Finite differences of the training-mode loss (float network, loss summed in double): a central
// difference with step h has a rounding error of about 1e-7 / h; h = 1e-2 keeps that near 1e-5,
// while the truncation error (h^2 times the third derivative) stays below 1e-4 for these small
// smooth networks. The same figures as tests/unit/network/gradient_check.cpp.
inline constexpr float fd_step = 1e-2f;
inline constexpr double fd_absolute = 2e-3;
inline constexpr double fd_relative = 2e-2;

} // namespace ctnet::test::loss_training
