// MC dropout's cost: mc_predict with 100 samples on 3 and on 1,000 Fashion-MNIST test images against the naive
// baseline of 100 calls of model.predict on the same images (predict has no dropout, so this is the
// cost of 100 deterministic passes, what the book's loop of 100 model(X, training=True) calls does
// besides the masks), for the dropout model (dense 300/100, elu, he_normal, dropout 0.2 before each
// dense). Seconds are the median of `repeats`; mc_predict on 1 and 2 threads (predict uses one).
// Usage: mc_dropout_bench [repeats = 5]. Prints a table, the ratios, and one JSON line.
#include <ctnet/ctnet.hpp>

#include "fma_peak.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace cn = ctnet;

using dropout_model = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>,
                                     cn::dense<300, cn::elu<>, cn::he_normal>, cn::dropout<0.2f>,
                                     cn::dense<100, cn::elu<>, cn::he_normal>, cn::dropout<0.2f>,
                                     cn::dense<10, cn::softmax>>;

template <class F>
double median_seconds(int repeats, F&& f) {
    std::vector<double> t;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

int main(int argc, char** argv) {
    ctnet_bench::print_kernels();
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 5;
    if (repeats < 1 || argc > 2) {
        std::fprintf(stderr, "usage: mc_dropout_bench [repeats = 5]\n");
        return 2;
    }
    constexpr std::size_t samples = 100;
    const auto data = cn::datasets::fashion_mnist();
    const dropout_model model{cn::seed{42}};
    float sink = 0.0f;  // keeps the results alive
    // The chapter's use (a few test images: one predict call is then a batch of 3 rows, and 100 of
    // them read the weights 100 times where mc_predict's batch of 300 rows reads them once), and a
    // large set (the GEMMs are the same work either way).
    for (const std::size_t images : {3u, 1'000u}) {
        const std::vector<float> x(data.test.images.begin(), data.test.images.begin() + static_cast<std::ptrdiff_t>(images * 784));
        const double naive = median_seconds(repeats, [&] {
            for (std::size_t s = 0; s < samples; ++s) sink += model.predict(x)[s % 10];
        });
        double mc[2] = {};
        for (std::size_t threads : {1u, 2u})
            mc[threads - 1] = median_seconds(repeats, [&] {
                sink += cn::mc_predict(model, x, {.samples = samples, .seed = 1, .threads = threads}).stddev[0];
            });
        const double rows = static_cast<double>(images * samples);
        std::printf("%zu images x %zu samples, median of %d (sink %g)\n", images, samples, repeats, static_cast<double>(sink));
        std::printf("%-34s %-10s %-12s\n", "", "seconds", "us per row");
        std::printf("%-34s %-10.5f %-12.2f\n", "100 x model.predict (1 thread)", naive, naive / rows * 1e6);
        std::printf("%-34s %-10.5f %-12.2f\n", "mc_predict, 100 samples, 1 thread", mc[0], mc[0] / rows * 1e6);
        std::printf("%-34s %-10.5f %-12.2f\n", "mc_predict, 100 samples, 2 threads", mc[1], mc[1] / rows * 1e6);
        std::printf("ratio naive / mc_predict: %.2fx (1 thread), %.2fx (2 threads)\n", naive / mc[0], naive / mc[1]);
        std::printf("{\"bench\":\"mc_dropout\",\"images\":%zu,\"samples\":%zu,\"naive_seconds\":%f,"
                    "\"mc_seconds_1_thread\":%f,\"mc_seconds_2_threads\":%f}\n",
                    images, samples, naive, mc[0], mc[1]);
    }
}
