// The chapter's transfer learning: model A learns the 8 Fashion-MNIST classes that are not sandal
// (5) or shirt (6); model B must tell shirts from sandals with only 200 labelled images. B built on
// A's hidden layers (copied, then frozen for 4 epochs, then unfrozen for 16 more), against the
// same B trained from scratch on the same 200 images. A goes through a weights file, as the book
// loads "my_model_A". Prints both B's test accuracy on every test shirt and sandal.
// Usage: transfer_learning [epochs = 20, 1 to 1000] [train_count = 55000, 1 to 55000]: A's epochs, and
// how many of the first 55,000 training images A's task draws from; a bad one exits with status 2.
#include <ctnet/ctnet.hpp>

#include "example_args.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace cn = ctnet;

// The book's models: three hidden layers of 100 relu units (He normal, chosen from relu).
using model_a_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<100, cn::relu>,
                                 cn::dense<100, cn::relu>, cn::dense<8, cn::softmax>>;
using model_b_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<100, cn::relu>,
                                 cn::dense<100, cn::relu>, cn::dense<1, cn::sigmoid>>;
// B with A's layers frozen (Keras: layer.trainable = False for model_B_on_A.layers[:-1]).
using model_b_frozen_t = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::dense<100, cn::relu>>,
                                        cn::frozen<cn::dense<100, cn::relu>>, cn::frozen<cn::dense<100, cn::relu>>,
                                        cn::dense<1, cn::sigmoid>>;
static_assert(cn::trainable_param_count<model_b_frozen_t> == 101);  // the new output layer only

// Task A: the samples whose class is not 5 or 6, classes above 6 moved down by 2 (8 classes).
// Task B: the samples whose class is 5 or 6, target 1 for a shirt; at most `limit` of them.
cn::dataset task(const cn::dataset& d, bool b, std::size_t limit) {
    cn::dataset out;
    out.sample_shape = d.sample_shape;
    const std::size_t size = d.sample_size();
    for (std::size_t i = 0; i < d.size() && out.size() < limit; ++i) {
        const std::int32_t c = d.labels[i];
        if ((c == 5 || c == 6) != b) continue;
        out.images.insert(out.images.end(), d.sample(i), d.sample(i) + size);
        if (b) out.targets.push_back(c == 6 ? 1.0f : 0.0f);
        else out.labels.push_back(c > 6 ? c - 2 : c);
    }
    return out;
}

int main(int argc, char** argv) {
    const auto [epochs_a, train_count] = example_args::parse<2>(
        argc, argv, "transfer_learning", {{{"epochs", 20, 1, 1000}, {"train_count", 55'000, 1, 55'000}}},
        "Trains model A for epochs epochs on the images of its 8 classes among the first train_count of "
        "Fashion-MNIST's training images, then model B on 200 shirts and sandals, with and without A's layers");

    const auto data = cn::datasets::fashion_mnist();
    const auto train_a = task(cn::split(data.train, train_count).first, false, train_count);
    const auto train_b = task(data.train, true, 200);
    const auto test_b = task(data.test, true, data.test.size());

    // Model A, saved and loaded as the book's "my_model_A".
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "ctnet_model_a.safetensors";
    {
        model_a_t a{cn::seed{42}};
        auto t = cn::compile(a, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.001f});
        const auto h = t.fit(train_a, {.epochs = epochs_a, .batch_size = 32, .verbose = 0});
        std::printf("model A: %zu epochs on %zu images of 8 classes, training accuracy %.4f\n", epochs_a, train_a.size(),
                    h.accuracy.back());
        a.save_weights(file);
    }
    model_a_t model_a{};
    model_a.load_weights(file);
    std::filesystem::remove(file);

    // B from scratch: 20 epochs on the few shirts and sandals.
    model_b_t scratch{cn::seed{43}};
    auto ts = cn::compile(scratch, cn::binary_crossentropy{}, cn::sgd{.learning_rate = 0.001f});
    ts.fit(train_b, {.epochs = 20, .batch_size = 32, .verbose = 0});
    const double from_scratch = ts.evaluate(test_b).accuracy;

    // B on A: A's layers copied (A itself is untouched), frozen for 4 epochs so that the new output
    // layer's large early gradients do not wreck them, then unfrozen (a new type holding the same
    // weights, compiled anew) for 16 epochs at the same small learning rate.
    model_b_frozen_t b_on_a{cn::seed{43}};
    cn::copy_layers<5>(model_a, b_on_a);  // input, flatten and the three hidden layers
    auto tf = cn::compile(b_on_a, cn::binary_crossentropy{}, cn::sgd{.learning_rate = 0.001f});
    tf.fit(train_b, {.epochs = 4, .batch_size = 32, .verbose = 0});
    model_b_t unfrozen{b_on_a};
    auto tu = cn::compile(unfrozen, cn::binary_crossentropy{}, cn::sgd{.learning_rate = 0.001f});
    tu.fit(train_b, {.epochs = 16, .batch_size = 32, .verbose = 0});
    const double transferred = tu.evaluate(test_b).accuracy;

    std::printf("model B on %zu images, test accuracy on %zu shirts and sandals: from scratch %.4f, on A's layers %.4f\n",
                train_b.size(), test_b.size(), from_scratch, transferred);
    if (!(from_scratch > 0.6) || !(transferred > 0.6)) {  // chance is 0.5
        std::fprintf(stderr, "transfer_learning: model B did not learn (%g / %g)\n", from_scratch, transferred);
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
