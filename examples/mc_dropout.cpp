// The chapter's MC dropout: the chapter's dropout model trained on Fashion-MNIST (SGD, momentum 0.9,
// learning rate 0.01, batch 32, as the book), then, for the first 3 test images, the ordinary prediction against
// the mean and standard deviation of 100 passes with dropout on (cn::mc_predict), rounded to 2
// decimals as the book prints them, and the accuracy of both on the test images.
// Usage: mc_dropout [epochs = 10, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with status 2.
// The accuracies are over the first min(10000, train_count / 5) test images (all 10,000 in a full run).
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cn = ctnet;

// The chapter's dropout model (docs/layers.md, dropout; relu's default initializer is he_normal, as
// the book asks for).
using dropout_model = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>,
                                     cn::dense<100, cn::relu>, cn::dropout<0.2f>,
                                     cn::dense<100, cn::relu>, cn::dropout<0.2f>,
                                     cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<dropout_model> == 89'610);

// The fraction of rows of 10 probabilities whose largest is at the label.
double accuracy(const std::vector<float>& probabilities, const std::vector<std::int32_t>& labels, std::size_t n) {
    std::size_t right = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto row = probabilities.begin() + static_cast<std::ptrdiff_t>(i * 10);
        right += std::max_element(row, row + 10) - row == labels[i];
    }
    return static_cast<double>(right) / static_cast<double>(n);
}

void print_row(const char* what, const float* v) {
    std::printf("  %-22s", what);
    for (std::size_t c = 0; c < 10; ++c) std::printf(" %.2f", std::round(v[c] * 100.0f) / 100.0f + 0.0f);
    std::printf("\n");
}

int main(int argc, char** argv) {
    // Parsed before the data is loaded, so a bad argument fails at once and without the dataset.
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "mc_dropout", {{{"epochs", 10, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains for epochs passes over the first train_count of Fashion-MNIST's first 55000 training samples "
        "(the last 5000 are the validation set), then compares predict and MC dropout on the first "
        "min(10000, train_count / 5) test images");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid] = cn::split(data.train, 55'000);
    const auto train = cn::split(train_all, train_count).first;
    const std::size_t n = std::max<std::size_t>(3, std::min<std::size_t>(data.test.size(), train_count / 5));
    const auto test = cn::split(data.test, n).first;

    dropout_model model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f});
    trainer.fit(train, {.epochs = epochs, .batch_size = 32, .validation = valid, .verbose = 2});

    const auto probabilities = model.predict(test.images);  // dropout off
    const auto mc = cn::mc_predict(model, test.images, {.samples = 100, .seed = 42});  // dropout on, 100 passes
    for (std::size_t i = 0; i < 3; ++i) {
        std::printf("test image %zu (class %d):\n", i, test.labels[i]);
        print_row("predict", probabilities.data() + i * 10);
        print_row("MC dropout mean", mc.mean.data() + i * 10);
        print_row("MC dropout std", mc.stddev.data() + i * 10);
    }
    const double plain = accuracy(probabilities, test.labels, n), mc_accuracy = accuracy(mc.mean, test.labels, n);
    std::printf("accuracy on %zu test images: predict %.4f, MC dropout (%zu samples) %.4f\n", n, plain, mc.samples,
                mc_accuracy);

    // Each mean row is a mean of probability rows: it sums to 1; every deviation is finite and >= 0.
    bool sound = true;
    for (std::size_t i = 0; i < n; ++i) {
        double sum = 0.0;
        for (std::size_t c = 0; c < 10; ++c) {
            sum += mc.mean[i * 10 + c];
            sound = sound && std::isfinite(mc.stddev[i * 10 + c]) && mc.stddev[i * 10 + c] >= 0.0f;
        }
        sound = sound && std::abs(sum - 1.0) < 1e-4;
    }
    if (!sound || !(plain > 0.3) || !(mc_accuracy > 0.3)) {  // three times chance
        std::fprintf(stderr, "mc_dropout: did not learn or MC statistics are off (accuracy %g / %g)\n", plain, mc_accuracy);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
