// One training epoch of the chapter's batch-normalization model on the 55,000 Fashion-MNIST
// training images under each optimizer and option, side by side in one run: the cost of Adam's
// update against SGD's (both fused into the backward pass), and of the options that need the
// whole gradient first (clipnorm, global_clipnorm: a pass after the backward pass) against one
// that does not (clipvalue). Each repeat runs every configuration once, in turn, so a noisy
// neighbour touches them all alike; the table gives each median and its ratio to SGD's.
// Usage: optimizer_bench [repeats = 5] [threads = 1]. Prints the FMA peak measured first.
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"
#include "seed_model.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace cn = ctnet;

int main(int argc, char** argv) {
    ctnet_bench::print_kernels();
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 5;
    const std::size_t threads = argc > 2 ? std::stoul(argv[2]) : 1;
    auto data = cn::datasets::fashion_mnist();
    const auto train = cn::split(data.train, 55'000).first;
    std::printf("FMA peak measured on this machine: %.1f GFLOP/s a core; %zu thread(s), median of %d\n",
                ctnet_bench::fma_peak_gflops_per_core(), threads, repeats);
    struct config {
        const char* name;
        std::function<double(std::size_t)> run;
    };
    const std::vector<config> configs = {
        {"sgd nesterov 0.9", [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, ctnet_bench::seed_sgd, b, threads); }},
        {"adam", [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, cn::adam{}, b, threads); }},
        {"adamw", [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, cn::adamw{}, b, threads); }},
        {"adam clipvalue", [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, cn::adam{.clipvalue = 0.5f}, b, threads); }},
        {"adam clipnorm", [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, cn::adam{.clipnorm = 1.0f}, b, threads); }},
        {"adam global_clipnorm",
         [&](std::size_t b) { return ctnet_bench::epoch_seconds(train, cn::adam{.global_clipnorm = 1.0f}, b, threads); }},
    };
    std::printf("%-22s %6s %10s %10s\n", "optimizer", "batch", "s/epoch", "/ sgd");
    for (std::size_t batch : {32u, 256u}) {
        std::vector<std::vector<double>> times(configs.size());
        for (int r = 0; r < repeats; ++r)
            for (std::size_t c = 0; c < configs.size(); ++c) times[c].push_back(configs[c].run(batch));
        std::vector<double> median;
        for (auto& t : times) {
            std::sort(t.begin(), t.end());
            median.push_back(t[t.size() / 2]);
        }
        for (std::size_t c = 0; c < configs.size(); ++c)
            std::printf("%-22s %6zu %10.3f %10.3f\n", configs[c].name, batch, median[c], median[c] / median[0]);
    }
}
