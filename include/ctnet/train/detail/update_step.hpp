// update_step: one training step's change of the parameters, as Keras 3's optimizer.apply makes it:
// clip the gradient, decay the weights, then the optimizer's update (train/detail/*_binding.hpp).
#ifndef CTNET_BODY_TRAIN_DETAIL_UPDATE_STEP_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_UPDATE_STEP_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/gradient_clipping.hpp>
#include <ctnet/kernels/weight_decay.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>
#include <ctnet/train/detail/parameter_tensors.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

/// Built once per step. Elementwise work (clipvalue, weight decay, the update) runs per block as
/// the backward pass finishes it (`block`); clipnorm and global_clipnorm need the whole gradient
/// first, so with either the trainer collects the gradient and calls `whole` after the backward pass.
template <class Optimizer>
class update_step {
    using binding = optimizer_binding<Optimizer>;

public:
    using state_pointers = std::array<float*, binding::slots>;

    update_step(const Optimizer& o, std::uint64_t iterations)
        : learning_rate_(learning_rate_of(o, iterations)),
          k_(binding::step_of(o, learning_rate_, iterations)),
          weight_decay_(o.weight_decay),
          clipvalue_(o.clipvalue),
          clipnorm_(o.clipnorm),
          global_clipnorm_(o.global_clipnorm) {}

    /// Whether the update must wait for the whole gradient (clipnorm or global_clipnorm).
    static bool needs_whole_gradient(const Optimizer& o) noexcept { return o.clipnorm > 0.0f || o.global_clipnorm > 0.0f; }

    float learning_rate() const noexcept { return learning_rate_; }

    /// Clip by value, decay, update: `rows` rows of `cols` parameters `stride` apart (a kernel tile, or
    /// one tensor as a single row); state[i] points at the block in optimizer arena i (null if unused).
    void block(float* w, float* g, const state_pointers& state, std::size_t rows, std::size_t cols, std::size_t stride,
               std::size_t ahead) const noexcept {
        if (clipvalue_ > 0.0f) kernels::gradient_clipping::clip_value_block(g, rows, cols, stride, clipvalue_);
        if (weight_decay_ > 0.0f) kernels::weight_decay::decay_block(w, rows, cols, stride, weight_decay_, learning_rate_);
        binding::update(k_, w, g, state, rows, cols, stride, ahead);
    }

    /// The whole step for a complete gradient arena g: clip by norm (per tensor or global), then
    /// `block` on each tensor. state_at(at) gives the state pointers at parameter `at`.
    template <const auto& Plan, class StateAt>
    void whole(float* w, float* g, StateAt&& state_at) const noexcept {
        static constexpr auto tensors = parameter_tensors<Plan>();
        using c = kernels::gradient_clipping;
        if (clipnorm_ > 0.0f) {
            for (const tensor_span& t : tensors)
                c::scale_by_norm(g + t.at, t.count, c::scale_of_norm(c::sum_squares(g + t.at, t.count), clipnorm_));
        } else if (global_clipnorm_ > 0.0f) {
            double squares = 0.0;
            for (const tensor_span& t : tensors) squares += c::sum_squares(g + t.at, t.count);
            const float s = c::global_scale(squares, global_clipnorm_);
            for (const tensor_span& t : tensors) c::scale(g + t.at, t.count, s);
        }
        for (const tensor_span& t : tensors) block(w + t.at, g + t.at, state_at(t.at), 1, t.count, t.count, 0);
    }

private:
    float learning_rate_;
    typename binding::step k_;
    float weight_decay_, clipvalue_, clipnorm_, global_clipnorm_;
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_UPDATE_STEP_HPP
