// Trains the chapter's batch-normalization model on Fashion-MNIST (Debian's dataset-fashion-mnist)
// with SGD, Nesterov momentum 0.9, learning rate 0.01, batch 32, and prints the test accuracy.
// Usage: fashion_mnist [epochs = 10] [training samples = 55000]
#include <ctnet/ctnet.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<model_t> == 271'346);
static_assert(cn::trainable_param_count<model_t> == 268'978);

int main(int argc, char** argv) {
    const std::size_t epochs = argc > 1 ? std::stoul(argv[1]) : 10;
    const std::size_t train_count = argc > 2 ? std::stoul(argv[2]) : 55'000;

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
