// optimizer_binding: what the trainer needs of an optimizer: its state arenas and its fused update.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/adam.hpp>
#include <ctnet/kernels/sgd.hpp>
#include <ctnet/train/adam.hpp>
#include <ctnet/train/sgd.hpp>

namespace ctnet::detail {

/// One specialisation per optimizer descriptor, each with:
/// - `slots`: the most state arenas it keeps (laid out as the parameter arena), and
///   `used(o, i)`: whether arena i is kept for these hyperparameters;
/// - `step_of(o, iterations)`: what one step's updates share, computed once per step;
/// - `update(step, w, g, state, rows, cols, stride, ahead)`: the update of a block of parameters
///   (executor::backward's gradient_range), `state[i]` pointing at the block in arena i (null
///   when not used). It runs inside the backward pass, on the thread that computed the gradient.
template <class Optimizer>
struct optimizer_binding;

template <>
struct optimizer_binding<sgd> {
    static constexpr std::size_t slots = 1;  // the velocity
    static bool used(const sgd& o, std::size_t) noexcept { return o.momentum != 0.0f; }

    struct step {
        float learning_rate, momentum;
        bool nesterov;
    };
    static step step_of(const sgd& o, std::uint64_t iterations) noexcept {
        return {kernels::sgd::legacy_decayed_learning_rate(o.learning_rate, o.decay, iterations), o.momentum,
                o.nesterov};
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::sgd::step_block(w, g, state[0], rows, cols, stride, ahead, k.learning_rate, k.momentum, k.nesterov);
    }
};

template <>
struct optimizer_binding<adam> {
    static constexpr std::size_t slots = 3;  // m, v, and v_hat (amsgrad)
    static bool used(const adam& o, std::size_t i) noexcept { return i < 2 || o.amsgrad; }

    using step = kernels::adam::step_constants;
    static step step_of(const adam& o, std::uint64_t iterations) noexcept {
        return step::of(o.learning_rate, o.beta_1, o.beta_2, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::adam::step_block(w, g, state[0], state[1], state[2], rows, cols, stride, ahead, k);
    }
};

/// Whether Optimizer is one compile accepts.
template <class Optimizer>
concept optimizer_type = requires { optimizer_binding<Optimizer>::slots; };

} // namespace ctnet::detail
