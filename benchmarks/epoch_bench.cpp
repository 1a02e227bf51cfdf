// One training epoch of the chapter's batch-normalization model on the 55,000 Fashion-MNIST
// training images: seconds per epoch (median of --repeats) for batch 32 and 256, 1 and 2 threads,
// and the dense layers' nominal GFLOP/s (the 9 GEMMs of a step) as a fraction of the FMA peak, measured at start.
// Usage: epoch_bench [repeats = 3] [sgd | adam]: the optimizer is the one pytorch_epoch.py runs with the
// same name (sgd: lr 0.01, momentum 0.9, Nesterov; adam: Keras's defaults). Prints a table and one JSON line.
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"
#include "seed_model.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace cn = ctnet;

int main(int argc, char** argv) {
    ctnet_bench::print_kernels();
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 3;
    const bool adam = argc > 2 && std::strcmp(argv[2], "adam") == 0;
    if (argc > 2 && !adam && std::strcmp(argv[2], "sgd") != 0) {
        std::fprintf(stderr, "usage: epoch_bench [repeats] [sgd | adam]\n");
        return 2;
    }
    auto data = cn::datasets::fashion_mnist();
    auto train = cn::split(data.train, 55'000).first;
    constexpr double flop_per_sample = 3.0 * 2.0 * (784.0 * 300 + 300.0 * 100 + 100.0 * 10);
    const double peak_per_core = ctnet_bench::fma_peak_gflops_per_core() * 1e9;
    std::printf("FMA peak measured on this machine: %.1f GFLOP/s a core; optimizer %s\n", peak_per_core / 1e9,
                adam ? "adam (Keras's defaults)" : "sgd (lr 0.01, momentum 0.9, nesterov)");
    std::string json = std::string("{\"bench\":\"ctnet_epoch\",\"optimizer\":\"") + (adam ? "adam" : "sgd") +
                       "\",\"results\":[";
    std::printf("%-8s %-8s %-12s %-10s %-12s\n", "batch", "threads", "s/epoch", "GFLOP/s", "of peak");
    for (std::size_t batch : {32u, 256u}) {
        for (std::size_t threads : {1u, 2u}) {
            std::vector<double> times;
            for (int r = 0; r < repeats; ++r)
                times.push_back(adam ? ctnet_bench::epoch_seconds(train, cn::adam{}, batch, threads)
                                     : ctnet_bench::epoch_seconds(train, ctnet_bench::seed_sgd, batch, threads));
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
