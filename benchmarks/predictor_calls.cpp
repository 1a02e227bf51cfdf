// Instructions per one-sample predictor call, for callgrind: builds the chapter's model (untrained,
// seed 42) and its predictor, then calls it CALLS times on one sample. Run it with 0 and with 1,000
// calls and divide the difference by 1,000; predictor_calls (this build's flags) against
// predictor_calls_generic (plain -O2, run-time kernels) is the dispatch overhead of one call
// (docs/performance.md, "Kernels chosen at run time"):
//   for b in predictor_calls predictor_calls_generic; do for n in 0 1000; do
//     valgrind --tool=callgrind --callgrind-out-file=/dev/null build-dispatch-bench/benchmarks/$b $n 2>&1 | grep Collected
//   done; done
// Usage: predictor_calls [calls = 1000]
#include "seed_model.hpp"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace cn = ctnet;

int main(int argc, char** argv) {
    const int calls = argc > 1 ? std::atoi(argv[1]) : 1000;
    ctnet_bench::seed_model model{cn::seed{42}};
    const cn::predictor p{model};
    std::vector<float> x(784), y(10);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 255) / 255.0f;
    float sink = 0;
    for (int i = 0; i < calls; ++i) {
        x[static_cast<std::size_t>(i) % x.size()] += 1e-3f;  // a new sample each call
        p(x, y);
        sink += y[3];
    }
    std::printf("%s\nsink %g\n", cn::build_info().c_str(), static_cast<double>(sink));
}
