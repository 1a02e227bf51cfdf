// sgd: stochastic gradient descent with momentum and Nesterov, as Keras formulates them.
#pragma once

namespace ctnet {

/// Keras's SGD: plain `w -= lr * g`; momentum `v = momentum * v - lr * g; w += v`; Nesterov
/// `v = momentum * v - lr * g; w += momentum * v - lr * g` (learning rate inside the velocity, as
/// Keras; PyTorch keeps it outside: the same for a constant rate, not under a schedule).
/// `decay` is the legacy power schedule lr_t = learning_rate / (1 + decay * t), t counted in
/// steps from 0 (Keras 2's `SGD(decay=...)`, which the chapter uses; Keras 3 ignores it).
struct sgd {
    float learning_rate = 0.01f;
    float momentum = 0.0f;
    bool nesterov = false;
    float decay = 0.0f;
};

} // namespace ctnet
