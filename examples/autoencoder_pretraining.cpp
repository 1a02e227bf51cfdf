// The chapter's unsupervised pretraining: when labels are few but images are many, train an
// autoencoder on all the images (it learns to reproduce them through a 100-unit code), then reuse
// its encoder's layers under a classifier trained on the few labels: first with the encoder frozen,
// then unfrozen at a lower learning rate. Against the same classifier trained from scratch on the
// same labels. Prints both test accuracies.
// Usage: autoencoder_pretraining [epochs = 10, 1 to 1000] [train_count = 55000, 1 to 55000]: the
// autoencoder's epochs over the first train_count training images (no labels used); the
// classifiers see the labels of the first 500 only. A bad argument exits with status 2.
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cstdio>
#include <cstdlib>

namespace cn = ctnet;

// Encoder 784 -> 300 -> 100, decoder 100 -> 300 -> 784 with sigmoid outputs: pixels are in [0, 1],
// so the reconstruction is trained with binary cross-entropy against the image itself.
using autoencoder_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>,
                                     cn::dense<300, cn::relu>, cn::dense<784, cn::sigmoid>>;
// The classifier: the encoder's layers (0 to 3: input, flatten, the two dense layers), then softmax.
using classifier_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>,
                                    cn::dense<10, cn::softmax>>;
using classifier_frozen_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::dense<300, cn::relu>>,
                                           cn::frozen<cn::dense<100, cn::relu>>, cn::dense<10, cn::softmax>>;
constexpr std::size_t encoder_layers = 4;
constexpr std::size_t labelled = 500;

int main(int argc, char** argv) {
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "autoencoder_pretraining", {{{"epochs", 10, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains the autoencoder for epochs epochs on the first train_count of Fashion-MNIST's training images "
        "(without their labels), then classifiers on the labels of the first 500, with and without its encoder");

    const auto data = cn::datasets::fashion_mnist();
    auto unlabelled = cn::split(data.train, train_count).first;
    unlabelled.targets = unlabelled.images;  // the target of an autoencoder is its input
    unlabelled.labels.clear();
    const auto few = cn::split(data.train, labelled).first;

    autoencoder_t autoencoder{cn::seed{42}};
    auto ta = cn::compile(autoencoder, cn::binary_crossentropy{}, cn::adam{.learning_rate = 0.001f});
    const auto h = ta.fit(unlabelled, {.epochs = epochs, .batch_size = 32, .verbose = 0});
    std::printf("autoencoder: %zu epochs on %zu images, reconstruction loss %.4f -> %.4f\n", epochs,
                unlabelled.size(), h.loss.front(), h.loss.back());

    // From scratch on the few labels.
    classifier_t scratch{cn::seed{43}};
    auto ts = cn::compile(scratch, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f});
    ts.fit(few, {.epochs = 30, .batch_size = 32, .verbose = 0});
    const double from_scratch = ts.evaluate(data.test).accuracy;

    // On the encoder: frozen while the new output layer learns, then unfrozen at a tenth of the rate.
    classifier_frozen_t pretrained{cn::seed{43}};
    cn::copy_layers<encoder_layers>(autoencoder, pretrained);
    auto tf = cn::compile(pretrained, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f});
    tf.fit(few, {.epochs = 10, .batch_size = 32, .verbose = 0});
    classifier_t fine_tuned{pretrained};
    auto tu = cn::compile(fine_tuned, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.001f, .momentum = 0.9f});
    tu.fit(few, {.epochs = 20, .batch_size = 32, .verbose = 0});
    const double on_encoder = tu.evaluate(data.test).accuracy;

    std::printf("classifier on %zu labels, accuracy on %zu test images: from scratch %.4f, on the encoder %.4f\n",
                few.size(), data.test.size(), from_scratch, on_encoder);
    if (!(h.loss.back() < h.loss.front() || epochs == 1) || !(from_scratch > 0.3) || !(on_encoder > 0.3)) {
        std::fprintf(stderr, "autoencoder_pretraining: did not learn (%g / %g)\n", from_scratch, on_encoder);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
