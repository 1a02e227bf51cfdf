// A consumer of the installed ctnet through pkg-config, compiled with C++23:
//   c++ -std=c++2b main.cpp $(pkg-config --cflags --libs ctnet)
// (clang 14 spells C++23 -std=c++2b; g++ 12 takes both). ctnet.pc carries no -std flag, so the
// consumer's standard applies, which the static_assert checks.
#include <ctnet/ctnet.hpp>

#include <cstdio>
#include <random>

static_assert(__cplusplus > 202002L, "compiled as C++20: something forced -std=c++20 over the consumer's C++23");

namespace cn = ctnet;

// Is x0 + x1 > x2 + x3: a batch norm, two dense layers, one sigmoid output.
using model_t = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<8, cn::tanh>, cn::dense<1, cn::sigmoid>>;
static_assert(cn::param_count<model_t> == 4 * 4 + (4 * 8 + 8) + (8 + 1));
static_assert(cn::trainable_param_count<model_t> == 4 * 2 + (4 * 8 + 8) + (8 + 1));

int main() {
    std::mt19937 gen(11);
    cn::dataset data;
    data.sample_shape = {4};
    for (int i = 0; i < 512; ++i) {
        float x[4];
        for (float& v : x) v = static_cast<float>(gen() >> 8) / 16777216.0f;
        data.images.insert(data.images.end(), x, x + 4);
        data.targets.push_back(x[0] + x[1] > x[2] + x[3] ? 1.0f : 0.0f);
    }
    model_t model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::binary_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    trainer.fit(data, {.epochs = 30, .batch_size = 32, .verbose = 0, .threads = 1});
    const double accuracy = trainer.evaluate(data).accuracy;
    std::printf("pkg-config consumer: ctnet %s, C++ %ld, %zu parameters, accuracy %.3f\n", CTNET_VERSION_STRING,
                static_cast<long>(__cplusplus), cn::param_count<model_t>, accuracy);
    return accuracy > 0.9 ? 0 : 1;
}
