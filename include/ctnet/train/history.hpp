// history: what fit returns, one value per epoch per metric (Keras's History.history).
#pragma once

#include <vector>

namespace ctnet {

struct history {
    std::vector<double> loss, accuracy, val_loss, val_accuracy, seconds;
};

/// What evaluate returns: the mean loss and the accuracy over the data.
struct evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

} // namespace ctnet
