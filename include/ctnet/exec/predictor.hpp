// predictor: a trained model made ready for inference once (batch norms folded, kernels laid out), then called.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/exec/kernel_sets.hpp>
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
/// How a predictor holds its dense kernels.
struct predictor_options {
    /// Rounded to bfloat16 (half the bytes: the chapter's model's kernels, 1.09 MB in float, fit a 1 MiB
    /// L2 cache): each row runs through kernels::gemv_bf16, on the CPU's bfloat16 dot products where it
    /// has them (AVX512_BF16, kernels::bf16_dot_products), else in portable code. Layer inputs are rounded
    /// to bfloat16 too; sums stay float. Outputs differ from float inference by about bfloat16's
    /// precision (8 bits): measure the accuracy on your data (docs/inference.md). A row's output still
    /// does not depend on its batch.
    bool bf16_weights = false;
};

namespace detail {
/// 64-byte aligned bfloat16 values, copied deeply.
class bf16_buffer {
public:
    bf16_buffer() = default;
    explicit bf16_buffer(std::size_t n) : n_(n), p_(allocate(n)) {}
    bf16_buffer(const bf16_buffer& o) : n_(o.n_), p_(allocate(o.n_)) { std::copy_n(o.p_, n_, p_); }
    bf16_buffer& operator=(bf16_buffer o) noexcept {
        std::swap(n_, o.n_);
        std::swap(p_, o.p_);
        return *this;
    }
    ~bf16_buffer() { ::operator delete[](p_, std::align_val_t{64}); }
    std::uint16_t* data() noexcept { return p_; }
    const std::uint16_t* data() const noexcept { return p_; }

private:
    static std::uint16_t* allocate(std::size_t n) {
        return n == 0 ? nullptr
                      : static_cast<std::uint16_t*>(::operator new[](n * sizeof(std::uint16_t), std::align_val_t{64}));
    }
    std::size_t n_ = 0;
    std::uint16_t* p_ = nullptr;
};
} // namespace detail

template <class Model>
class predictor;

template <class... Layers>
class predictor<sequential<Layers...>> {
    using net = sequential<Layers...>;
    // The executor of one instruction set (exec/kernel_sets.hpp); every call runs running_kernels()'s.
    template <class K>
    using exec_of = typename K::template executor<net>;
    static constexpr const auto& P = detail::facts_of<net>::planned;

public:
    using model_type = net;
    static constexpr std::size_t input_size = P.input_size;
    static constexpr std::size_t output_size = P.output_size;
    /// Rows per forward pass of predict.
    static constexpr std::size_t batch_rows = 256;

    explicit predictor(const net& model, const predictor_options& o = {}) : state_(P.state_floats) {
        detail::with_kernels([&]<class K>(K) {
            using exec = exec_of<K>;
            detail::workspace ws;
            exec::fold_for_inference(ws, model.parameters(), model.state());
            folded_ = std::move(ws.folded);
            std::copy_n(model.state(), P.state_floats, state_.data());
            if (o.bf16_weights) {
                bf16_ = detail::bf16_buffer(exec::bf16_elements);
                exec::pack_for_bf16(folded_.data(), bf16_.data());
            } else {
                padded_ = detail::arena(exec::padded_floats);
                exec::pad_for_inference(folded_.data(), padded_.data());
            }
        });
    }

    /// Whether the dense kernels are held in bfloat16 (predictor_options::bf16_weights).
    bool bf16_weights() const noexcept { return bf16_.data() != nullptr; }

    /// One sample: y (output_size floats) = the model's output for x (input_size floats).
    void operator()(std::span<const float> x, std::span<float> y) const {
        if (x.size() != input_size || y.size() != output_size) size_error(x.size(), y.size(), 1);
        check(x.data(), input_size);
        detail::with_kernels([&]<class K>(K) {
            using exec = exec_of<K>;
            detail::workspace& ws = thread_workspace<K, 1>();
            std::copy_n(x.data(), input_size, exec::input(ws));
            const detail::pass p = pass_of(ws, 1);
            exec::forward(p);
            std::copy_n(exec::output(p), output_size, y.data());
        });
    }

    /// Many samples: outputs (output_size floats per sample) for inputs (input_size floats per sample).
    void predict(std::span<const float> inputs, std::span<float> outputs) const {
        const std::size_t n = inputs.size() / input_size;
        if (inputs.size() % input_size != 0 || outputs.size() != n * output_size)
            size_error(inputs.size(), outputs.size(), n);
        check(inputs.data(), inputs.size());
        if (n == 1) return (*this)(inputs, outputs);
        detail::with_kernels([&]<class K>(K) {
            using exec = exec_of<K>;
            detail::workspace& ws = thread_workspace<K, batch_rows>();
            for (std::size_t first = 0; first < n; first += batch_rows) {
                const std::size_t m = std::min(batch_rows, n - first);
                std::copy_n(inputs.data() + first * input_size, m * input_size, exec::input(ws));
                const detail::pass p = pass_of(ws, m);
                exec::forward(p);
                std::copy_n(exec::output(p), m * output_size, outputs.data() + first * output_size);
            }
        });
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
    template <class K, std::size_t Rows>
    static detail::workspace& thread_workspace() {
        thread_local detail::workspace ws;
        if (ws.rows < Rows) exec_of<K>::prepare_inference(ws, Rows);
        return ws;
    }

    detail::pass pass_of(detail::workspace& ws, std::size_t m) const noexcept {
        // Inference reads the state, never writes it (the pass takes a mutable pointer for training).
        detail::pass p{folded_.data(), const_cast<float*>(state_.data()), nullptr, &ws, m};
        p.folded = true;
        p.padded = padded_.data();
        p.bf16 = bf16_.data();
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
    detail::bf16_buffer bf16_;  // or, with bf16_weights, rounded to bfloat16 (executor::pack_for_bf16)
};

template <class... Layers>
predictor(const sequential<Layers...>&) -> predictor<sequential<Layers...>>;
template <class... Layers>
predictor(const sequential<Layers...>&, const predictor_options&) -> predictor<sequential<Layers...>>;

} // namespace ctnet
