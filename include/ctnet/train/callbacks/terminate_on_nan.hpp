// terminate_on_nan: end fit gracefully at the first step refused for a NaN or infinite loss
// (Keras 3's TerminateOnNaN).
#pragma once

#include <cstddef>
#include <iostream>
#include <stdexcept>
#include <string>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/detail/monitor.hpp>

namespace ctnet {

/// Keras's TerminateOnNaN(raise_error). fit refuses a step whose loss (or batch statistics) is
/// not finite, changing nothing, and calls on_invalid_loss; this callback then prints Keras's
/// line `Batch <step>: Invalid loss, terminating training` on stdout (step: the batch's 0-based
/// index in the epoch, Keras's `batch`) and stops training, so fit ends after that epoch's
/// end callbacks (on_train_end included) instead of throwing. With `raise_error = true` it throws
/// std::runtime_error at once with Keras's RuntimeError text, so no further callback runs.
struct terminate_on_nan {
    bool raise_error = false;

    void on_invalid_loss(std::size_t, std::size_t step, double loss, training_control& t) const {
        if (raise_error)
            throw std::runtime_error("ctnet::terminate_on_nan: NaN or Inf loss encountered at batch " + std::to_string(step) +
                                     ". Loss value: " + detail::python_repr(loss) + ". Terminating training immediately.");
        std::cout << "Batch " << step << ": Invalid loss, terminating training" << std::endl;
        t.stop_training();
    }
};

} // namespace ctnet
