// The chapter's batch-normalization model, as every epoch benchmark trains it, and the seconds of one
// training epoch of it from a fresh model (seed 42) under an optimizer.
#pragma once

#include <ctnet/ctnet.hpp>

#include <chrono>
#include <cstddef>

namespace ctnet_bench {

using seed_model = ctnet::sequential<
    ctnet::input<28, 28>, ctnet::flatten, ctnet::batch_norm<>,
    ctnet::dense<300, ctnet::relu>, ctnet::batch_norm<>,
    ctnet::dense<100, ctnet::relu, ctnet::he_normal>, ctnet::batch_norm<>,
    ctnet::dense<10, ctnet::softmax>>;

// The optimizer the SGD epochs use (and benchmarks/pytorch_epoch.py's sgd).
inline const ctnet::sgd seed_sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true};

// Seconds of one epoch (no progress line) of a fresh seed_model under the optimizer o: compile and
// the model's initialization are not timed.
inline double epoch_seconds(const ctnet::dataset& train, const auto& o, std::size_t batch, std::size_t threads) {
    seed_model model{ctnet::seed{42}};
    auto trainer = ctnet::compile(model, ctnet::sparse_categorical_crossentropy{}, o);
    const auto t0 = std::chrono::steady_clock::now();
    trainer.fit(train, {.epochs = 1, .batch_size = batch, .verbose = 0, .threads = threads});
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace ctnet_bench
