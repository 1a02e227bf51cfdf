// A CMake consumer of the installed ctnet (find_package(ctnet 0.1), target ctnet::ctnet): the
// target's cxx_std_20 compile feature is what makes this C++20 (g++ 12 and clang 14 default to
// older standards). Trains a regression network, then predicts.
#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstdio>
#include <random>

static_assert(__cplusplus >= 202002L, "ctnet::ctnet should require C++20 (INTERFACE_COMPILE_FEATURES cxx_std_20)");

namespace cn = ctnet;

// y = x0 - 2 x1 + 0.5: one linear output.
using model_t = cn::sequential<cn::input<2>, cn::dense<8, cn::relu>, cn::dense<1>>;
static_assert(cn::param_count<model_t> == (2 * 8 + 8) + (8 + 1));

int main() {
    std::mt19937 gen(3);
    cn::dataset data;
    data.sample_shape = {2};
    for (int i = 0; i < 512; ++i) {
        const float x0 = static_cast<float>(gen() >> 8) / 16777216.0f, x1 = static_cast<float>(gen() >> 8) / 16777216.0f;
        data.images.insert(data.images.end(), {x0, x1});
        data.targets.push_back(x0 - 2.0f * x1 + 0.5f);
    }
    model_t model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::mean_squared_error{}, cn::sgd{.learning_rate = 0.05f, .momentum = 0.9f});
    trainer.fit(data, {.epochs = 30, .batch_size = 32, .verbose = 0, .threads = 1});
    const double loss = trainer.evaluate(data).loss;
    const std::vector<float> y = model.predict({0.5f, 0.25f});
    std::printf("cmake consumer: ctnet %s, %zu parameters, mse %.5f, f(0.5, 0.25) = %.3f (exact 0.5)\n",
                CTNET_VERSION_STRING, cn::param_count<model_t>, loss, y.at(0));
    return loss < 0.01 && std::fabs(y.at(0) - 0.5f) < 0.1f ? 0 : 1;
}
