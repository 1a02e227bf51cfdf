// Inference and deployment: the chapter's model trained on Fashion-MNIST (SGD, Nesterov momentum 0.9,
// learning rate 0.01, batch 32), then made ready for inference once (cn::predictor: batch norms folded,
// kernels laid out), one image classified with p(x, y), the test set with p.predict, the same with
// bfloat16 kernels, and the model exported as a C++ header (fashion_model.hpp in the working directory)
// that another program includes to predict with no weights file (docs/inference.md).
// Usage: inference [epochs = 10, 1 to 1000] [train_count = 55000, 1 to 55000]; a bad one exits with status 2.
// The accuracies are over the first min(10000, train_count / 5) test images (all 10,000 in a full run).
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;

double accuracy(const std::vector<float>& probabilities, const std::vector<std::int32_t>& labels) {
    std::size_t right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto row = probabilities.begin() + static_cast<std::ptrdiff_t>(i * 10);
        right += std::max_element(row, row + 10) - row == labels[i];
    }
    return static_cast<double>(right) / static_cast<double>(labels.size());
}

int main(int argc, char** argv) {
    const auto [epochs, train_count] = example_args::parse<2>(
        argc, argv, "inference", {{{"epochs", 10, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains for epochs passes over the first train_count of Fashion-MNIST's first 55000 training samples, "
        "then predicts the test set with a predictor and exports the model as fashion_model.hpp");

    auto data = cn::datasets::fashion_mnist();
    auto [train_all, valid] = cn::split(data.train, 55'000);
    model_t model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    trainer.fit(cn::split(train_all, train_count).first, {.epochs = epochs, .batch_size = 32, .verbose = 0});

    // Made once: from here on a call folds nothing and allocates nothing; any thread may call it.
    const cn::predictor p{model};
    std::vector<float> y(10);
    const std::span<const float> first(data.test.images.data(), 784);
    const auto t0 = std::chrono::steady_clock::now();
    p(first, y);
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    const auto best = std::max_element(y.begin(), y.end()) - y.begin();
    std::printf("first test image: label %d, predicted class %td with probability %.4f (%.1f us, the thread's first call)\n",
                data.test.labels[0], best, static_cast<double>(y[static_cast<std::size_t>(best)]), us);

    // The first min(10000, train_count / 5) test images (all of them in a full run).
    const std::size_t n_test = std::min<std::size_t>(data.test.size(), std::max<std::size_t>(train_count / 5, 1));
    const std::vector<float> images(data.test.images.begin(), data.test.images.begin() + static_cast<std::ptrdiff_t>(n_test * 784));
    const std::vector<std::int32_t> labels(data.test.labels.begin(), data.test.labels.begin() + static_cast<std::ptrdiff_t>(n_test));
    const auto probabilities = p.predict(images);
    const double float_accuracy = accuracy(probabilities, labels);
    const cn::predictor p16{model, {.bf16_weights = true}};
    const double bf16_accuracy = accuracy(p16.predict(images), labels);
    std::printf("accuracy on %zu test images: %.4f with float kernels, %.4f with bfloat16 kernels (%s)\n", n_test, float_accuracy,
                bf16_accuracy, cn::kernels::bf16_dot_products ? "AVX512_BF16 dot products" : "portable bf16 products");
    std::printf("%s\n", cn::build_info().c_str());

    cn::export_header(model, "fashion_model.hpp", {.name_space = "fashion"});
    std::printf("wrote fashion_model.hpp: #include it, then fashion::predictor()(x, y)\n");
    const bool same = model.predict(images) == probabilities;
    return same && bf16_accuracy > float_accuracy - 0.02 ? EXIT_SUCCESS : EXIT_FAILURE;
}
