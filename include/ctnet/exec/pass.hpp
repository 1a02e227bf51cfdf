// pass: what one forward or backward pass of the executor reads and writes (the workspace, the
// pass's parameters, the gradient ranges it hands on). Plain data, the same whichever kernels run
// the pass, so a trainer or predictor holds it apart from the code that runs it (exec/executor.hpp).
#pragma once

#include <cstddef>
#include <cstdint>

#include <ctnet/exec/arena.hpp>
#include <ctnet/kernels/thread_pool.hpp>
#include <ctnet/plan/stage.hpp>

namespace ctnet::detail {

/// Buffers of one batch size: activations (the plan's per-row layout times the batch), two
/// ping-pong gradient buffers, and the batch statistics of every batch norm (laid out as the
/// state arena: batch mean where the moving mean is, 1/sqrt(var + eps) where the variance is).
/// Made once per batch size; a training step allocates nothing.
struct workspace {
    std::size_t rows = 0;
    arena activations, gradients, statistics;
    arena sum_squares; // per batch norm, where its moving mean is: the shifted sums of squares of a step
    arena folded;  // inference parameters with the batch norms folded in (executor::fold_for_inference)
    arena scratch; // per-step sums of fixed size (dense_after_input_batch_norm; beta W in the scaled forward GEMM)
};

/// What one pass needs besides the plan.
struct pass {
    const float* params = nullptr;
    float* state = nullptr;
    float* grads = nullptr;          // parameter gradients (backward only)
    workspace* ws = nullptr;
    std::size_t m = 0;               // rows in this batch
    bool training = false;
    bool fused_loss = false;         // the loss does the last softmax (training)
    bool folded = false;             // inference on fold_for_inference's parameters: folded batch norms are skipped
    // Inference on kernels laid out once (executor::pad_for_inference, a predictor's): the dense GEMMs read
    // them there, unpacked (kernels::gemm_nn_padded), instead of the kernels in `params`.
    const float* padded = nullptr;
    // Inference on kernels in bfloat16 (executor::pack_for_bf16): each row through kernels::gemv_bf16.
    const std::uint16_t* bf16 = nullptr;
    std::uint64_t seed = 0;
    std::uint32_t step = 0;          // training step, keys dropout masks
    // An inference forward with dropout and alpha_dropout drawing masks as in training (Keras's
    // training=True on the dropout layers only: batch norm and rrelu stay in inference); mc_predict.
    bool dropout_active = false;
    std::uint32_t first_row = 0;     // the dropout streams' row number of this batch's first row
    kernels::thread_pool* pool = nullptr;
};

/// A range of the parameter arena whose gradient is final, as executor::backward hands it on.
struct gradient_range {
    std::size_t at = 0;       // first parameter
    std::size_t count = 0;    // contiguous parameters (in each row)
    std::size_t rows = 1;     // a kernel tile: `rows` rows of `count`, `stride` floats apart
    std::size_t stride = 0;
    bool is_kernel = false;   // part of a dense kernel (what regularizers and constraints apply to)
    std::size_t ahead = 0;    // the next range of these columns starts this many floats on (prefetch hint; 0: unknown)
    float* grad = nullptr;    // the range's gradient, rows `stride` apart (may be changed in place): in the
                              // gradient arena at `at`, or, for a kernel tile, in the GEMM's tile buffer
};

/// The gradient hook that does nothing: backward then only fills the gradient arena.
struct ignore_gradient {
    constexpr void operator()(const stage&, const gradient_range&) const noexcept {}
};

} // namespace ctnet::detail
