// mc_predict_options: the arguments of mc_predict, as a designated-initializer aggregate.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ctnet {

/// `{.samples = 100, .seed = 1}`. samples: stochastic forward passes per input (at least 1; the
/// book's MC dropout takes 100). seed: keys every dropout mask, with the pass and the input (the
/// model's own seed is not used, so one model gives independent estimates for different seeds).
/// batch_size: rows per forward pass, the passes of consecutive inputs stacked into them (at least
/// 1). threads: 0 takes every hardware thread. The result is bitwise the same for any batch_size
/// and thread count.
struct mc_predict_options {
    std::size_t samples = 100;
    std::uint64_t seed = 0;
    std::size_t batch_size = 256;
    std::size_t threads = 0;
};

} // namespace ctnet
