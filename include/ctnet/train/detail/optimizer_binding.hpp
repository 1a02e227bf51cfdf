// optimizer_binding: what the trainer needs of an optimizer: its state arenas and its fused update.
#pragma once

namespace ctnet::detail {

/// One specialisation per optimizer descriptor, each with:
/// - `slots`: the most state arenas it keeps (laid out as the parameter arena), and
///   `used(o, i)`: whether arena i is kept for these hyperparameters, and `initial_value(o, i)`:
///   the value each of its floats starts at (0 but for adagrad's accumulator);
/// - `step_of(o, iterations)`: what one step's updates share, computed once per step;
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

} // namespace ctnet::detail
