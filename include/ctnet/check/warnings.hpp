// warnings: what compile warns about (a real compiler warning: the declaration compiles and runs),
// and how a user who means it silences one: `compile(model, loss, optimizer, silence<...>{})`.
#pragma once

#include <cstddef>

namespace ctnet {

/// The warnings compile can give, as types to name in silence<...>.
namespace warnings {
/// An l2 (or l1_l2) penalty trained with adam, nadam or adamax (docs/diagnostics.md, "Warnings").
struct l2_with_adaptive_optimizer {};
} // namespace warnings

/// compile's optional last argument: the listed warnings are not given.
template <class... Warning>
struct silence {};

namespace diagnostic {

/// Given when a layer has an L2 penalty and the optimizer divides each gradient by a running
/// gradient scale (adam, nadam, adamax): the penalty's gradient is divided too, so large weights
/// shrink barely more than small ones (Loshchilov and Hutter, "Decoupled Weight Decay
/// Regularization", 2019). The template arguments name the first such layer and the optimizer.
template <std::size_t Layer, class Optimizer>
[[deprecated("ctnet::compile: an L2 penalty with an adaptive optimizer (adam, nadam, adamax) is "
             "divided by its gradient scale and barely regularizes; use adamw{.weight_decay = ...} (decoupled "
             "weight decay) instead, or pass ctnet::silence<ctnet::warnings::l2_with_adaptive_optimizer>{} "
             "to compile to keep the L2 penalty")]]
constexpr void l2_with_adaptive_optimizer() noexcept {}

} // namespace diagnostic

} // namespace ctnet
