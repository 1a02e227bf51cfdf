// mc_prediction: what mc_predict returns, the per-output mean and standard deviation over stochastic passes.
#pragma once

#include <cstddef>
#include <vector>

namespace ctnet {

/// One row of the network's output_size() floats per input in each of `mean` and `stddev` (the
/// layout of predict's result): the mean and the population standard deviation (ddof 0, numpy's
/// default, as the book's `y_probas.std(axis=0)`) of that output over `samples` passes.
struct mc_prediction {
    std::vector<float> mean;
    std::vector<float> stddev;
    std::size_t samples = 0;  // stochastic passes per input
};

} // namespace ctnet
