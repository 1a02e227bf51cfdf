// Two regularised nets on Fashion-MNIST (Debian's dataset-fashion-mnist): a self-normalizing SELU
// net (LeCun normal, chosen from selu; standardized inputs; alpha dropout, the dropout that keeps
// SELU's mean 0 and variance 1) and a randomized-leaky-ReLU net (rrelu: a random negative slope per
// element and step in training, the mean slope in inference). Each is trained with SGD, Nesterov
// momentum 0.9, learning rate 0.01, batch 32, and its test accuracy printed.
// Usage: self_normalizing [epochs = 2, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with status 2
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cmath>
#include <cstdlib>
#include <iostream>

namespace cn = ctnet;

// Klambauer et al.'s conditions, checked at compile time: all hidden layers selu, lecun_normal
// (the default for selu), a plain dense stack, no batch norm, alpha_dropout rather than dropout.
using selu_net = cn::sequential<cn::input<28, 28>, cn::flatten,
                                cn::dense<300, cn::selu>, cn::dense<100, cn::selu>, cn::alpha_dropout<0.1f>,
                                cn::dense<10, cn::softmax>>;
// PyTorch's RReLU defaults (slopes in [1/8, 1/3)); He normal, chosen from rrelu.
using rrelu_net = cn::sequential<cn::input<28, 28>, cn::flatten,
                                 cn::dense<300, cn::rrelu<>>, cn::dense<100, cn::rrelu<>>, cn::dense<10, cn::softmax>>;

// Self-normalization assumes standardized inputs: pixels shifted and scaled by the training set's
// mean and standard deviation.
void standardize(cn::dataset& d, double mean, double stddev) {
    for (float& v : d.images) v = static_cast<float>((v - mean) / stddev);
}

template <class Net>
double train_and_test(const char* name, const cn::dataset& train, const cn::dataset& valid, const cn::dataset& test,
                      std::size_t epochs) {
    Net model{cn::seed{42}};
    std::cout << name << '\n' << cn::summary<Net>();
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    trainer.fit(train, {.epochs = epochs, .batch_size = 32, .validation = valid});
    const auto result = trainer.evaluate(test);  // inference: no alpha dropout, rrelu's mean slope
    std::cout << name << ": test loss " << result.loss << ", test accuracy " << result.accuracy << "\n\n";
    return result.accuracy;
}

int main(int argc, char** argv) {
    // Parsed before the data is loaded, so a bad argument fails at once and without the dataset.
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "self_normalizing", {{{"epochs", 2, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains for epochs passes over the first train_count of Fashion-MNIST's first 55000 training samples "
        "(the last 5000 are the validation set)");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid] = cn::split(data.train, 55'000);
    auto train = cn::split(train_all, train_count).first;

    double sum = 0.0, sum_sq = 0.0;
    for (float v : train.images) sum += v, sum_sq += static_cast<double>(v) * v;
    const double n = static_cast<double>(train.images.size());
    const double mean = sum / n, stddev = std::sqrt(sum_sq / n - mean * mean);
    for (cn::dataset* d : {&train, &valid, &data.test}) standardize(*d, mean, stddev);

    const double selu_accuracy = train_and_test<selu_net>("selu + alpha_dropout", train, valid, data.test, epochs);
    const double rrelu_accuracy = train_and_test<rrelu_net>("rrelu", train, valid, data.test, epochs);
    // Far above chance (0.1) after one short epoch, or the layers do not train.
    return selu_accuracy > 0.6 && rrelu_accuracy > 0.6 ? EXIT_SUCCESS : EXIT_FAILURE;
}
