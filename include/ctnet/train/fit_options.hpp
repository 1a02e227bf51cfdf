// fit_options: the arguments of fit, as a designated-initializer aggregate.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>

#include <vector>

#include <ctnet/io/dataset.hpp>
#include <ctnet/train/callback.hpp>

namespace ctnet {

/// `{.epochs = 10, .batch_size = 32, .validation = valid, .callbacks = {cn::early_stopping{}}}`.
/// callbacks: called at the start and end of training and of each epoch, in this order
/// (train/callback.hpp; train/callbacks.hpp has Keras's). verbose: Keras's progress output, 1 a
/// bar updated during the epoch (on a terminal; elsewhere the epoch's last line), 2 one line per
/// epoch, 0 nothing (docs/history.md). threads: 0 takes every hardware thread
/// (std::thread::hardware_concurrency()); results are bitwise the same for any count. fit checks
/// every field and the validation set before its first step.
struct fit_options {
    std::size_t epochs = 1;
    std::size_t batch_size = 32;
    std::optional<std::reference_wrapper<const dataset>> validation{};
    std::vector<any_callback> callbacks{};
    bool shuffle = true;
    int verbose = 1;
    std::size_t threads = 0;
};

} // namespace ctnet
