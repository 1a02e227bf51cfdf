// rmsprop_binding: how the trainer runs rmsprop (train/rmsprop.hpp): its state arenas and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_RMSPROP_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_RMSPROP_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/rmsprop.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>
#include <ctnet/train/rmsprop.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<rmsprop> {
    static constexpr std::size_t slots = 3;  // velocity, momentum (momentum > 0), average_gradient (centered)
    static bool used(const rmsprop& o, std::size_t i) noexcept {
        return i == 0 || (i == 1 && o.momentum > 0.0f) || (i == 2 && o.centered);
    }
    static float initial_value(const rmsprop&, std::size_t) noexcept { return 0.0f; }

    using step = kernels::rmsprop::step_constants;
    static step step_of(const rmsprop& o, float learning_rate, std::uint64_t iterations) noexcept {
        // one_cycle moves the momentum (when there is one: momentum 0 keeps no momentum arena).
        const float momentum = o.momentum == 0.0f ? 0.0f : o.learning_rate.momentum(iterations).value_or(o.momentum);
        return step::of(learning_rate, o.rho, momentum, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::rmsprop::step_block(w, g, state[0], state[1], state[2], rows, cols, stride, ahead, k);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_RMSPROP_BINDING_HPP
