// optimizer_binding: what the trainer needs of an optimizer: its state arenas and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_OPTIMIZER_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_OPTIMIZER_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstdint>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

/// One specialisation per optimizer descriptor, each with:
/// - `slots`: the most state arenas it keeps (laid out as the parameter arena), and
///   `used(o, i)`: whether arena i is kept for these hyperparameters, and `initial_value(o, i)`:
///   the value each of its floats starts at (0 but for adagrad's accumulator);
/// - `step_of(o, learning_rate, iterations)`: what one step's updates share, computed once per step
///   (learning_rate_of gives the rate);
/// - optionally `learning_rate(o, iterations)`, when the rate is not just o.learning_rate's value
///   (sgd's legacy decay);
/// - `update(step, w, g, state, rows, cols, stride, ahead)`: the update of a block of parameters
///   (executor::backward's gradient_range), `state[i]` pointing at the block in arena i (null
///   when not used). It runs inside the backward pass, on the thread that computed the gradient.
/// Each optimizer's specialisation is in its own header, train/detail/<optimizer>_binding.hpp;
/// train/detail/optimizers.hpp includes them all.
template <class Optimizer>
struct optimizer_binding;

/// Whether Optimizer is one compile accepts.
template <class Optimizer>
concept optimizer_type = requires { optimizer_binding<Optimizer>::slots; };

/// The learning rate of the step taken after `iterations` steps: what step_of and the weight decay use.
template <class Optimizer>
float learning_rate_of(const Optimizer& o, std::uint64_t iterations) {
    if constexpr (requires { optimizer_binding<Optimizer>::learning_rate(o, iterations); })
        return optimizer_binding<Optimizer>::learning_rate(o, iterations);
    else
        return o.learning_rate(iterations);
}

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_OPTIMIZER_BINDING_HPP
