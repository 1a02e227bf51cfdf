// adagrad_binding: how the trainer runs adagrad (train/adagrad.hpp): its state arena and its fused update.
#ifndef CTNET_BODY_TRAIN_DETAIL_ADAGRAD_BINDING_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_ADAGRAD_BINDING_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cstddef>
#include <cstdint>

#include <ctnet/kernels/adagrad.hpp>
#include <ctnet/train/adagrad.hpp>
#include <ctnet/train/detail/optimizer_binding.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <>
struct optimizer_binding<adagrad> {
    static constexpr std::size_t slots = 1;  // the accumulator
    static bool used(const adagrad&, std::size_t) noexcept { return true; }
    /// Keras's accumulator starts at initial_accumulator_value, not 0.
    static float initial_value(const adagrad& o, std::size_t) noexcept { return o.initial_accumulator_value; }

    using step = kernels::adagrad::step_constants;
    static step step_of(const adagrad& o, float learning_rate, std::uint64_t iterations) noexcept {
        return step::of(learning_rate, o.epsilon, iterations);
    }
    static void update(const step& k, float* w, const float* g, const std::array<float*, slots>& state,
                       std::size_t rows, std::size_t cols, std::size_t stride, std::size_t ahead) noexcept {
        kernels::adagrad::step_block(w, g, state[0], rows, cols, stride, ahead, k);
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_TRAIN_DETAIL_ADAGRAD_BINDING_HPP
