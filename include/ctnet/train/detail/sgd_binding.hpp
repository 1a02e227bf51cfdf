// sgd_binding: how the trainer runs sgd (train/sgd.hpp): its state arenas and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_SGD_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_SGD_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/sgd.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>
#include <ctnet/train/sgd.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<sgd> {
    static constexpr std::size_t slots = 1;  // the velocity
    static bool used(const sgd& o, std::size_t) noexcept { return o.momentum != 0.0f; }
    static float initial_value(const sgd&, std::size_t) noexcept { return 0.0f; }

    struct step {
        float learning_rate, momentum;
        bool nesterov;
    };
    // The legacy decay is part of the rate (weight decay scales with it too).
    static float learning_rate(const sgd& o, std::uint64_t iterations) {
        return kernels::sgd::legacy_decayed_learning_rate(o.learning_rate(iterations), o.decay, iterations);
    }
    // one_cycle moves the momentum (when there is one: momentum 0 keeps no velocity).
    static step step_of(const sgd& o, float learning_rate, std::uint64_t iterations) noexcept {
        const float momentum = o.momentum == 0.0f ? 0.0f : o.learning_rate.momentum(iterations).value_or(o.momentum);
        return {learning_rate, momentum, o.nesterov};
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::sgd::step_block(w, g, state[0], rows, cols, stride, ahead, k.learning_rate, k.momentum, k.nesterov);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_SGD_BINDING_HPP
