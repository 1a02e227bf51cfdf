// nadam_binding: how the trainer runs nadam (train/nadam.hpp): its state arenas and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_NADAM_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_NADAM_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/nadam.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>
#include <ctnet/train/nadam.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<nadam> {
    static constexpr std::size_t slots = 2;  // m and v (Keras's momentum and velocity; u_product is a step constant)
    static bool used(const nadam&, std::size_t) noexcept { return true; }
    static float initial_value(const nadam&, std::size_t) noexcept { return 0.0f; }

    using step = kernels::nadam::step_constants;
    static step step_of(const nadam& o, float learning_rate, std::uint64_t iterations) noexcept {
        return step::of(learning_rate, o.beta_1, o.beta_2, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::nadam::step_block(w, g, state[0], state[1], rows, cols, stride, ahead, k);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_NADAM_BINDING_HPP
