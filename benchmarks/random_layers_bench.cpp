// What the random layers cost: seconds an epoch of a 784-300-100-10 net on 10,000 Fashion-MNIST
// images at batch 32, with leaky_relu against rrelu and selu against selu + alpha_dropout (the
// Philox draws of the masks and slopes), 1 and 2 threads, median of 3 epochs, side by side.
// Usage: random_layers_bench
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace cn = ctnet;

using leaky_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::leaky_relu<0.2f>>,
                                 cn::dense<100, cn::leaky_relu<0.2f>>, cn::dense<10, cn::softmax>>;
using rrelu_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::rrelu<>>, cn::dense<100, cn::rrelu<>>,
                                 cn::dense<10, cn::softmax>>;
using selu_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::selu, cn::lecun_normal>,
                                cn::dense<100, cn::selu, cn::lecun_normal>, cn::dense<10, cn::softmax>>;
using alpha_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::selu, cn::lecun_normal>,
                                 cn::alpha_dropout<0.1f>, cn::dense<100, cn::selu, cn::lecun_normal>,
                                 cn::alpha_dropout<0.1f>, cn::dense<10, cn::softmax>>;

template <class Net>
void run(const char* name, const cn::dataset& train, std::size_t threads) {
    Net model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    auto h = trainer.fit(train, {.epochs = 3, .batch_size = 32, .verbose = 0, .threads = threads});
    std::vector<double> s = h.seconds;
    std::sort(s.begin(), s.end());
    std::printf("%-24s %zu thread(s): %.3f s an epoch (median of 3)\n", name, threads, s[1]);
}

int main() {
    ctnet_bench::print_kernels();
    auto data = cn::datasets::fashion_mnist();
    auto train = cn::split(data.train, 10'000).first;
    for (std::size_t threads : {1u, 2u}) {
        run<leaky_net>("leaky_relu", train, threads);
        run<rrelu_net>("rrelu", train, threads);
        run<selu_net>("selu", train, threads);
        run<alpha_net>("selu + 2 alpha_dropout", train, threads);
    }
}
