// What a loss kernel returns for a batch: the sum of per-sample losses and the count of hits.
#pragma once

#include <cstddef>

namespace ctnet::kernels {

// loss: sum over the m rows, in ascending row order, of each row's loss (Keras's per-sample value;
// for binary cross-entropy and MSE that is already the mean over the row's outputs). The batch loss
// Keras reports is loss / m. correct: rows whose argmax matches (categorical), or outputs whose
// thresholded prediction equals the target (binary: divide by m * N for Keras's binary_accuracy);
// 0 for losses without an accuracy.
struct loss_sums {
    double loss = 0.0;
    std::size_t correct = 0;
};

} // namespace ctnet::kernels
