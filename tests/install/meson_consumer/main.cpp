// A Meson project using ctnet as a subproject (subprojects/ctnet, dependency('ctnet')): declares a
// network, checks it at compile time, trains it on a toy problem and prints its accuracy.
#include <ctnet/ctnet.hpp>

#include <cstdio>
#include <random>

namespace cn = ctnet;

// Which of the first three features is largest: four inputs, three classes.
using model_t = cn::sequential<cn::input<4>, cn::dense<16, cn::relu>, cn::dense<3, cn::softmax>>;
static_assert(cn::param_count<model_t> == (4 * 16 + 16) + (16 * 3 + 3));

int main() {
    std::mt19937 gen(7);
    cn::dataset data;
    data.sample_shape = {4};
    for (int i = 0; i < 512; ++i) {
        float x[4];
        for (float& v : x) v = static_cast<float>(gen() >> 8) / 16777216.0f;
        data.images.insert(data.images.end(), x, x + 4);
        data.labels.push_back(x[0] > x[1] ? (x[0] > x[2] ? 0 : 2) : (x[1] > x[2] ? 1 : 2));
    }
    model_t model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    trainer.fit(data, {.epochs = 30, .batch_size = 32, .verbose = 0, .threads = 1});
    const double accuracy = trainer.evaluate(data).accuracy;
    std::printf("meson consumer: ctnet %s, %zu parameters, accuracy %.3f\n", CTNET_VERSION_STRING,
                cn::param_count<model_t>, accuracy);
    return accuracy > 0.9 ? 0 : 1;
}
