// adam_binding: how the trainer runs adam (train/adam.hpp): its state arenas and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_ADAM_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_ADAM_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/adam.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>
#include <ctnet/train/adam.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<adam> {
    static constexpr std::size_t slots = 3;  // m, v, and v_hat (amsgrad)
    static bool used(const adam& o, std::size_t i) noexcept { return i < 2 || o.amsgrad; }
    static float initial_value(const adam&, std::size_t) noexcept { return 0.0f; }

    using step = kernels::adam::step_constants;
    static step step_of(const adam& o, float learning_rate, std::uint64_t iterations) noexcept {
        return step::of(learning_rate, o.beta_1, o.beta_2, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::adam::step_block(w, g, state[0], state[1], state[2], rows, cols, stride, ahead, k);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_ADAM_BINDING_HPP
