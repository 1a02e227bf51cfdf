// Keras 3's decoupled weight decay (optimizers/base_optimizer.py, _apply_weight_decay): before
// each update, after clipping, every trainable variable becomes `w - w * wd * lr`, lr the step's
// (scheduled) learning rate. AdamW is Adam with it on by default. PyTorch's SGD and Adam
// `weight_decay` instead adds wd * w to the gradient (coupled, an L2 penalty without the loss
// term); its AdamW multiplies by (1 - lr * wd): the same up to rounding.
#ifndef CTNET_BODY_KERNELS_WEIGHT_DECAY_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_WEIGHT_DECAY_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

struct weight_decay {
    /// w = w - (w * wd) * lr on `rows` rows of `cols`, `stride` apart (a kernel tile as the backward
    /// pass hands it on), in Keras's order of operations.
    static void decay_block(float* w, std::size_t rows, std::size_t cols, std::size_t stride, float wd,
                            float lr) noexcept
    {
        for (std::size_t r = 0; r < rows; ++r) {
            float* row = w + r * stride;
            for (std::size_t i = 0; i < cols; ++i) row[i] = row[i] - (row[i] * wd) * lr;
        }
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_WEIGHT_DECAY_HPP
