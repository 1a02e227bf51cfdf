// The chapter's comparison of optimizers: the batch-normalization model trained on Fashion-MNIST
// for a few epochs with each optimizer ctnet has, then a table of validation accuracy and seconds
// per epoch. Every optimizer starts from the same weights (one seed). The last row is the chapter's
// 1cycle: sgd with momentum under one_cycle (the rate up to 0.05 and back over the run, the momentum
// moved the other way, docs/schedules.md).
// Usage: optimizers [epochs = 5, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with status 2
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;

int main(int argc, char** argv) {
    const auto [epochs_arg, train_count] = example_args::parse<2>(
        argc, argv, "optimizers", {{{"epochs", 5, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains the model for epochs passes over the first train_count of Fashion-MNIST's first 55000 "
        "training samples with each optimizer (the last 5000 are the validation set)");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid_set] = cn::split(data.train, 55'000);
    const auto train = cn::split(train_all, train_count).first;
    // Plain variables for the lambda: clang 14 cannot capture structured bindings (C++20 allows it).
    const std::size_t epochs = epochs_arg;
    const auto& valid = valid_set;

    std::printf("%-28s %14s %12s\n", "optimizer", "val_accuracy", "s/epoch");
    bool all_learned = true;
    const auto run = [&](const char* name, auto optimizer) {
        model_t model{cn::seed{42}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, optimizer);
        const auto h = trainer.fit(train, {.epochs = epochs, .batch_size = 32, .validation = valid, .verbose = 0});
        const double seconds = std::accumulate(h.seconds.begin(), h.seconds.end(), 0.0) / static_cast<double>(epochs);
        std::printf("%-28s %14.4f %12.2f\n", name, h.val_accuracy.back(), seconds);
        // Learned: a finite loss and three times chance (10 classes); adagrad's slow start stays
        // under 0.5 on 2,000 samples (the sanitizer build's short run).
        if (!std::isfinite(h.loss.back()) || !(h.val_accuracy.back() > 0.3)) {
            std::fprintf(stderr, "optimizers: %s did not learn (loss %g, val_accuracy %g)\n", name,
                         static_cast<double>(h.loss.back()), static_cast<double>(h.val_accuracy.back()));
            all_learned = false;
        }
    };
    run("sgd (lr 0.01)", cn::sgd{.learning_rate = 0.01f});
    run("sgd momentum 0.9", cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f});
    run("sgd nesterov 0.9", cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    run("adam (lr 0.001)", cn::adam{});
    run("adam amsgrad", cn::adam{.amsgrad = true});
    run("adagrad (lr 0.001)", cn::adagrad{});
    run("rmsprop (lr 0.001)", cn::rmsprop{});
    run("adamax (lr 0.001)", cn::adamax{});
    run("nadam (lr 0.001)", cn::nadam{});
    run("adamw (lr 0.001, wd 0.004)", cn::adamw{});
    const std::uint64_t steps = epochs * ((train.size() + 31) / 32);
    run("sgd 1cycle (max lr 0.05)",
        cn::sgd{.learning_rate = cn::one_cycle{.total_steps = steps, .max_learning_rate = 0.05f}, .momentum = 0.9f});
    return all_learned ? EXIT_SUCCESS : EXIT_FAILURE;
}
