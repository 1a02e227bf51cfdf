// What freezing saves: one training epoch of the chapter's batch-normalization model on the 55,000
// Fashion-MNIST training images with all but its last two dense layers frozen (the input batch norm,
// dense<300> and the batch norm after it: frozen<...>), against the same epoch with nothing frozen,
// side by side in one run. Frozen, fit computes no gradient of those layers and, as they are the
// lowest, no backward pass through them at all; their batch norms run on moving statistics. Each
// repeat runs both once, in turn; the table gives each median and the ratio.
// Usage: frozen_bench [repeats = 5] [threads = 1]. Prints the FMA peak measured first.
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"
#include "seed_model.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace cn = ctnet;

using frozen_model = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::batch_norm<>>,
                                    cn::frozen<cn::dense<300, cn::relu>>, cn::frozen<cn::batch_norm<>>,
                                    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>, cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<frozen_model> == cn::param_count<ctnet_bench::seed_model>);

// One epoch of `model` (its weights as they are), not counting compile.
template <class Model>
double epoch_seconds(Model& model, const cn::dataset& train, std::size_t batch, std::size_t threads) {
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, ctnet_bench::seed_sgd);
    const auto t0 = std::chrono::steady_clock::now();
    trainer.fit(train, {.epochs = 1, .batch_size = batch, .verbose = 0, .threads = threads});
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int main(int argc, char** argv) {
    ctnet_bench::print_kernels();
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 5;
    const std::size_t threads = argc > 2 ? std::stoul(argv[2]) : 1;
    auto data = cn::datasets::fashion_mnist();
    const auto train = cn::split(data.train, 55'000).first;
    std::printf("FMA peak measured on this machine: %.1f GFLOP/s a core; %zu thread(s), median of %d\n",
                ctnet_bench::fma_peak_gflops_per_core(), threads, repeats);
    std::printf("%-30s %6s %10s %10s\n", "model", "batch", "s/epoch", "/ unfrozen");
    for (std::size_t batch : {32u, 256u}) {
        std::vector<double> plain, frozen;
        for (int r = 0; r < repeats; ++r) {
            ctnet_bench::seed_model a{cn::seed{42}};
            plain.push_back(epoch_seconds(a, train, batch, threads));
            // The frozen layers hold trained weights, as in transfer learning: a's after its epoch.
            frozen_model b{a};
            frozen.push_back(epoch_seconds(b, train, batch, threads));
        }
        const double p = median(plain), f = median(frozen);
        std::printf("%-30s %6zu %10.3f %10.3f\n", "nothing frozen", batch, p, 1.0);
        std::printf("%-30s %6zu %10.3f %10.3f\n", "all but the last 2 dense frozen", batch, f, f / p);
    }
}
