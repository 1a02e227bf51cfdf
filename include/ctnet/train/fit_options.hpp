// fit_options: the arguments of fit, as a designated-initializer aggregate.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include <ctnet/io/dataset.hpp>

namespace ctnet {

/// `{.epochs = 10, .batch_size = 32, .validation = valid}`. verbose: 1 is Keras's progress bar
/// line on a terminal and one plain line per epoch otherwise; 0 prints nothing. threads: 0 takes
/// every hardware thread (std::thread::hardware_concurrency()); results are bitwise the same for
/// any count. fit checks every field and the validation set before its first step.
struct fit_options {
    std::size_t epochs = 1;
    std::size_t batch_size = 32;
    std::optional<std::reference_wrapper<const dataset>> validation{};
    bool shuffle = true;
    int verbose = 1;
    std::size_t threads = 0;
};

} // namespace ctnet
