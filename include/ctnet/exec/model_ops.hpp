// model_ops: what a model object does at run time: draw its weights, and infer.
#pragma once

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/exec/predictor.hpp>
#include <ctnet/kernels/philox.hpp>
#include <ctnet/kernels/variance_scaling.hpp>
#include <ctnet/network/sequential.hpp>
#include <ctnet/io/data_checks.hpp>

namespace ctnet::detail {

template <class Model>
struct model_ops {
    static constexpr const auto& P = facts_of<Model>::planned;

    /// Keras's draws: VarianceScaling per the plan's resolved initializer, zero biases, batch norm
    /// gamma 1, beta 0, moving mean 0, moving variance 1. Each kernel has its own Philox stream.
    /// Sets the seed that keys the model's random streams (shuffling, dropout): a training
    /// checkpoint puts back the seed it was written with (train/checkpoint.hpp).
    static void reseed(Model& model, std::uint64_t seed) noexcept { model.seed_ = seed; }

    static void initialize(Model& model) {
        model.params_ = arena(P.param_floats);
        model.state_ = arena(P.state_floats);
        for (std::size_t i = 0; i < P.stage_count; ++i) {
            const stage& st = P.stages[i];
            if (st.kernel != no_offset) initialize_kernel(model, st, static_cast<std::uint32_t>(i));
            if (st.gamma != no_offset) std::fill_n(model.params_.data() + st.gamma, st.units, 1.0f);
            if (st.moving_variance != no_offset) std::fill_n(model.state_.data() + st.moving_variance, st.units, 1.0f);
        }
    }

    static void initialize_kernel(Model& model, const stage& st, std::uint32_t index) {
        const initializer_record& init = st.initializer;
        float* w = model.params_.data() + st.kernel;
        if (init.dist == distribution::constant) {
            kernels::fill_constant(w, st.inputs * st.units, init.constant);
            return;
        }
        const auto mode = init.mode == fan_mode::fan_in    ? kernels::fan_mode::fan_in
                          : init.mode == fan_mode::fan_out ? kernels::fan_mode::fan_out
                                                           : kernels::fan_mode::fan_avg;
        const auto dist = init.dist == distribution::uniform              ? kernels::distribution::uniform
                          : init.dist == distribution::untruncated_normal ? kernels::distribution::untruncated_normal
                                                                          : kernels::distribution::truncated_normal;
        kernels::fill_variance_scaling(w, st.inputs, st.units, init.scale, mode, dist, model.seed_,
                                       kernels::philox::stream_of(index, kernels::philox::kernel_init));
    }

    /// Inference (batch norm on its moving statistics, folded into the dense layers; dropout off), in
    /// batches of 256, on a predictor made for the call.
    static std::vector<float> predict(const Model& model, const std::vector<float>& inputs) {
        if (inputs.size() % P.input_size != 0)
            throw std::invalid_argument("ctnet::sequential::predict: got " + std::to_string(inputs.size()) +
                                        " floats, not a multiple of the input size " + std::to_string(P.input_size));
        check_input_rows(inputs.data(), inputs.size(), P.input_size, "ctnet::sequential::predict: ", "the inputs");
        return predictor<Model>{model}.predict(inputs);  // ctnet::predictor: folded, one thread
    }
};

} // namespace ctnet::detail
