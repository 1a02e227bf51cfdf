// Trains the chapter's batch-normalization model on Fashion-MNIST (Debian's dataset-fashion-mnist)
// with SGD, Nesterov momentum 0.9, learning rate 0.01, batch 32, and prints the test accuracy.
// Usage: fashion_mnist [epochs = 10, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with status 2
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cstdlib>
#include <iostream>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<model_t> == 271'346);
static_assert(cn::trainable_param_count<model_t> == 268'978);

int main(int argc, char** argv) {
    // Parsed before the data is loaded, so a bad argument fails at once and without the dataset.
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "fashion_mnist", {{{"epochs", 10, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains for epochs passes over the first train_count of Fashion-MNIST's first 55000 training samples "
        "(the last 5000 are the validation set)");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid] = cn::split(data.train, 55'000);
    auto train = cn::split(train_all, train_count).first;

    model_t model{cn::seed{42}};
    std::cout << cn::summary<model_t>();
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    auto history = trainer.fit(train, {.epochs = epochs, .batch_size = 32, .validation = valid});
    const auto test = trainer.evaluate(data.test);
    std::cout << "test loss " << test.loss << ", test accuracy " << test.accuracy << '\n';

    auto probabilities = model.predict(data.test.images);  // inference mode: batch norm on moving statistics
    std::cout << "first test sample: class " << data.test.labels[0] << ", predicted probability "
              << probabilities[static_cast<std::size_t>(data.test.labels[0])] << '\n';
    return history.loss.back() < history.loss.front() || epochs == 1 ? EXIT_SUCCESS : EXIT_FAILURE;
}
