// adamw_binding: how the trainer runs adamw (train/adamw.hpp): adam's arenas and update; the
// weight decay is the trainer's, as for every optimizer.
#ifndef CTNET_BODY_TRAIN_DETAIL_ADAMW_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_ADAMW_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/train/adamw.hpp>
#include <ctnet/train/detail/adam_binding.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<adamw> {
    using as = optimizer_binding<adam>;
    static constexpr std::size_t slots = as::slots;
    static bool used(const adamw& o, std::size_t i) noexcept { return i < 2 || o.amsgrad; }
    static float initial_value(const adamw&, std::size_t) noexcept { return 0.0f; }

    using step = as::step;
    static step step_of(const adamw& o, float learning_rate, std::uint64_t iterations) noexcept {
        return step::of(learning_rate, o.beta_1, o.beta_2, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        as::update(k, w, g, state, rows, cols, stride, ahead);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_ADAMW_BINDING_HPP
