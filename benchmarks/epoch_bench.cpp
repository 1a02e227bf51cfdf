// One training epoch of the chapter's batch-normalization model on the 55,000 Fashion-MNIST
// training images: seconds per epoch (median of --repeats) for batch 32 and 256, 1 and 2 threads,
// and the dense layers' nominal GFLOP/s (the 9 GEMMs of a step) as a fraction of the FMA peak, measured at start.
// Usage: epoch_bench [repeats = 3]. Prints a table and one JSON line.
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace cn = ctnet;

using model_t = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 3;
    auto data = cn::datasets::fashion_mnist();
    auto train = cn::split(data.train, 55'000).first;
    constexpr double flop_per_sample = 3.0 * 2.0 * (784.0 * 300 + 300.0 * 100 + 100.0 * 10);
    const double peak_per_core = ctnet_bench::fma_peak_gflops_per_core() * 1e9;
    std::printf("FMA peak measured on this machine: %.1f GFLOP/s a core\n", peak_per_core / 1e9);
    std::string json = "{\"bench\":\"ctnet_epoch\",\"results\":[";
    std::printf("%-8s %-8s %-12s %-10s %-12s\n", "batch", "threads", "s/epoch", "GFLOP/s", "of peak");
    for (std::size_t batch : {32u, 256u}) {
        for (std::size_t threads : {1u, 2u}) {
            std::vector<double> times;
            for (int r = 0; r < repeats; ++r) {
                model_t model{cn::seed{42}};
                auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                                           cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
                const auto t0 = std::chrono::steady_clock::now();
                trainer.fit(train, {.epochs = 1, .batch_size = batch, .verbose = 0, .threads = threads});
                times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
            std::sort(times.begin(), times.end());
            const double median = times[times.size() / 2];
            const double gflops = flop_per_sample * 55'000 / median / 1e9;
            std::printf("%-8zu %-8zu %-12.3f %-10.1f %.0f%% of %zu core(s)\n", batch, threads, median, gflops,
                        100.0 * gflops * 1e9 / (peak_per_core * static_cast<double>(threads)), threads);
            json += (json.back() == '[' ? "" : ",") + std::string("{\"batch\":") + std::to_string(batch) +
                    ",\"threads\":" + std::to_string(threads) + ",\"seconds\":" + std::to_string(median) + "}";
        }
    }
    std::printf("%s]}\n", json.c_str());
}
