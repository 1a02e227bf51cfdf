// seed: the one number every random draw of a model derives from (weights, shuffles, dropout).
#pragma once

#include <cstdint>

namespace ctnet {

/// `model_t model{ctnet::seed{42}}`: the same seed gives bitwise the same weights, and the same
/// training run on one build, whatever the thread count.
struct seed {
    std::uint64_t value = 0;
};

} // namespace ctnet
