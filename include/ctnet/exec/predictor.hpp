// predictor: a trained model made ready for inference once (batch norms folded, kernels laid out), then called.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/io/data_checks.hpp>
#include <ctnet/kernels/first_out_of_range.hpp>
#include <ctnet/network/sequential.hpp>

namespace ctnet {

/// Inference on a snapshot of a model: `cn::predictor p{model};` folds every foldable batch norm into
/// its dense (moving statistics, gamma and beta), lays each dense kernel out in rows of whole vectors,
/// and from then on
///   - `p(x, y)` maps one sample (input_size floats) to its output (output_size floats): one row
///     through each layer (kernels::gemm_nn_padded's one-row path), nothing packed, nothing allocated;
///   - `p.predict(inputs, outputs)` maps many, in batches of 256 rows, and allocates nothing either
///     once the calling thread has made its buffers (its first batch of more than one row);
///   - `p.predict(inputs)` returns a new vector, as model.predict (which runs on a predictor).
/// Inference semantics are model.predict's (Keras's `model(x, training=False)`): batch norm on its moving
/// statistics, dropout and alpha_dropout off, rrelu on its mean slope. A row's output does not depend
/// on the batch it is in, nor on which of the three calls computed it: bitwise the same.
///
/// Thread safety: a predictor is immutable once made; every call is const and may run on any number of
/// threads at once on one predictor. Each thread's buffers (one row's activations, and a batch's) are
/// its own, made at its first call and kept until it ends (thread_local, per network type).
///
/// The predictor holds a copy of the weights: training the model further does not change it; make a
/// new one. Inputs are checked as model.predict checks them (std::invalid_argument naming the sample
/// and feature of a non-finite value or one of magnitude 2^64 or more, or a size that does not fit).
template <class Model>
class predictor;

template <class... Layers>
class predictor<sequential<Layers...>> {
    using net = sequential<Layers...>;
    using exec = detail::executor<net>;
    static constexpr const auto& P = detail::facts_of<net>::planned;

public:
    using model_type = net;
    static constexpr std::size_t input_size = P.input_size;
    static constexpr std::size_t output_size = P.output_size;
    /// Rows per forward pass of predict.
    static constexpr std::size_t batch_rows = 256;

    explicit predictor(const net& model) : state_(P.state_floats), padded_(exec::padded_floats) {
        detail::workspace ws;
        exec::fold_for_inference(ws, model.parameters(), model.state());
        folded_ = std::move(ws.folded);
        std::copy_n(model.state(), P.state_floats, state_.data());
        exec::pad_for_inference(folded_.data(), padded_.data());
    }

    /// One sample: y (output_size floats) = the model's output for x (input_size floats).
    void operator()(std::span<const float> x, std::span<float> y) const {
        if (x.size() != input_size || y.size() != output_size) size_error(x.size(), y.size(), 1);
        check(x.data(), input_size);
        detail::workspace& ws = thread_workspace<1>();
        std::copy_n(x.data(), input_size, exec::input(ws));
        const detail::pass p = pass_of(ws, 1);
        exec::forward(p);
        std::copy_n(exec::output(p), output_size, y.data());
    }

    /// Many samples: outputs (output_size floats per sample) for inputs (input_size floats per sample).
    void predict(std::span<const float> inputs, std::span<float> outputs) const {
        const std::size_t n = inputs.size() / input_size;
        if (inputs.size() % input_size != 0 || outputs.size() != n * output_size)
            size_error(inputs.size(), outputs.size(), n);
        check(inputs.data(), inputs.size());
        if (n == 1) return (*this)(inputs, outputs);
        detail::workspace& ws = thread_workspace<batch_rows>();
        for (std::size_t first = 0; first < n; first += batch_rows) {
            const std::size_t m = std::min(batch_rows, n - first);
            std::copy_n(inputs.data() + first * input_size, m * input_size, exec::input(ws));
            const detail::pass p = pass_of(ws, m);
            exec::forward(p);
            std::copy_n(exec::output(p), m * output_size, outputs.data() + first * output_size);
        }
    }

    std::vector<float> predict(const std::vector<float>& inputs) const {
        if (inputs.size() % input_size != 0)
            throw std::invalid_argument("ctnet::predictor::predict: got " + std::to_string(inputs.size()) +
                                        " floats, not a multiple of the input size " + std::to_string(input_size));
        std::vector<float> out(inputs.size() / input_size * output_size);
        predict(std::span<const float>(inputs), std::span<float>(out));
        return out;
    }

    /// The inference parameters: the model's, with the batch norms folded in (executor::fold_for_inference).
    const float* folded_parameters() const noexcept { return folded_.data(); }

private:
    // A workspace of at least Rows rows, this thread's own.
    template <std::size_t Rows>
    static detail::workspace& thread_workspace() {
        thread_local detail::workspace ws;
        if (ws.rows < Rows) exec::prepare_inference(ws, Rows);
        return ws;
    }

    detail::pass pass_of(detail::workspace& ws, std::size_t m) const noexcept {
        // Inference reads the state, never writes it (the pass takes a mutable pointer for training).
        detail::pass p{folded_.data(), const_cast<float*>(state_.data()), nullptr, &ws, m};
        p.folded = true;
        p.padded = padded_.data();
        return p;
    }

    // The checks allocate (their messages) only when they fail.
    static void check(const float* x, std::size_t n) {
        if (kernels::first_out_of_range(x, n, detail::input_magnitude_bound) != n)
            detail::check_input_rows(x, n, input_size, "ctnet::predictor: ", "the inputs");
    }
    [[noreturn]] static void size_error(std::size_t in, std::size_t out, std::size_t n) {
        throw std::invalid_argument("ctnet::predictor: got " + std::to_string(in) + " input floats and " +
                                    std::to_string(out) + " output floats for " + std::to_string(n) +
                                    " sample(s); the network maps " + std::to_string(input_size) +
                                    " floats a sample to " + std::to_string(output_size));
    }

    detail::arena folded_;  // parameters with the batch norms folded in
    detail::arena state_;   // moving statistics (read by a batch norm that does not fold)
    detail::arena padded_;  // the folded dense kernels, rows padded to whole vectors (executor::pad_for_inference)
};

template <class... Layers>
predictor(const sequential<Layers...>&) -> predictor<sequential<Layers...>>;

} // namespace ctnet
