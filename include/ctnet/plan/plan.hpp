// plan: the execution plan of a network: fused stages and the memory layout, a constexpr value.
#pragma once

#include <array>
#include <cstddef>

#include <ctnet/plan/stage.hpp>

namespace ctnet {

/// Parameters are floats in one arena, each tensor aligned to `alignment` floats (64 bytes), in
/// layer order; gradients and each optimizer slot use an arena of the same size and layout, so
/// an optimizer step is one loop. Non-trainable state (moving mean/variance) has its own arena.
/// Counts follow Keras: `param_count` = trainable + non-trainable.
template <std::size_t MaxStages>
struct plan {
    static constexpr std::size_t alignment = 16;

    std::size_t stage_count = 0;
    std::array<stage, MaxStages> stages{};
    std::array<stage_origin, MaxStages> origins{};
    std::size_t input_size = 0;               // floats per sample in
    std::size_t output_size = 0;              // floats per sample out
    std::size_t param_floats = 0;             // arena sizes, alignment included
    std::size_t state_floats = 0;
    std::size_t activation_floats_per_row = 0;
    std::size_t gradient_floats_per_row = 0;  // two ping-pong buffers of the widest stage
    std::size_t trainable_count = 0;
    std::size_t non_trainable_count = 0;

    constexpr std::size_t param_count() const { return trainable_count + non_trainable_count; }

    /// Equal plans run the same code on the same layout, whatever layers they were declared with.
    template <std::size_t M>
    constexpr bool operator==(const plan<M>& o) const {
        if (stage_count != o.stage_count) return false;
        for (std::size_t i = 0; i < stage_count; ++i)
            if (!(stages[i] == o.stages[i])) return false;
        return input_size == o.input_size && output_size == o.output_size && param_floats == o.param_floats &&
               state_floats == o.state_floats && activation_floats_per_row == o.activation_floats_per_row &&
               gradient_floats_per_row == o.gradient_floats_per_row && trainable_count == o.trainable_count &&
               non_trainable_count == o.non_trainable_count;
    }
};

} // namespace ctnet
