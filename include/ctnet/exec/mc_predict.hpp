// mc_predict: Monte Carlo dropout, the mean and standard deviation of a model's outputs over stochastic passes.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/exec/kernel_sets.hpp>
#include <ctnet/exec/mc_predict_options.hpp>
#include <ctnet/exec/mc_prediction.hpp>
#include <ctnet/exec/split_rows.hpp>
#include <ctnet/io/data_checks.hpp>
#include <ctnet/kernels/running_moments.hpp>
#include <ctnet/kernels/thread_pool.hpp>
#include <ctnet/network/sequential.hpp>

namespace ctnet {

namespace detail {

// Folding a batch norm into the next dense moves its shift past that dense's input; a dropout
// fused after such a batch norm would then drop x instead of gamma x_hat + beta. So an MC pass
// folds only networks without such a stage (a fold into the batch norm's own dense, or a dropout
// stage of its own between the two, keeps the dropout after the batch norm's output).
template <class Net>
constexpr bool mc_passes_fold() {
    using exec = executor<Net>;
    for (std::size_t i = 0; i < exec::stages; ++i)
        if (exec::folds_into_next(i) && exec::P.stages[i].dropout_fused) return false;
    return true;
}

} // namespace detail

/// The book's MC dropout (Keras: `np.stack([model(X, training=True) for _ in range(100)])`, with
/// `training=True` reaching the dropout layers only): each input goes through `o.samples` forward
/// passes with `dropout` and `alpha_dropout` drawing masks as in training, while batch norm runs on
/// its moving statistics and `rrelu` on its mean slope, as in `predict`. Returns, per input and
/// output, the mean and the population standard deviation (ddof 0) over the passes
/// (mc_prediction). The passes are batched: the inputs' copies are stacked, input by input, into
/// forward passes of `o.batch_size` rows. The mask of copy j of input i is philox's dropout stream
/// of each dropout stage keyed by (o.seed, row i * samples + j), split into the step word (high 32
/// bits) and the row word (low 32 bits): the result does not depend on the batch size, the thread
/// count or how many inputs come after input i. Throws std::invalid_argument (messages starting
/// `ctnet::mc_predict: `) for samples or batch_size 0, inputs that are not whole samples, and
/// non-finite inputs or inputs of magnitude 2^64 or more (as predict).
template <class... Layers>
mc_prediction mc_predict(const sequential<Layers...>& model, const std::vector<float>& inputs,
                         const mc_predict_options& o = {}) {
    using net = sequential<Layers...>;
    constexpr const auto& P = detail::facts_of<net>::planned;
    constexpr std::size_t in = P.input_size, out = P.output_size;
    const std::string at = "ctnet::mc_predict: ";
    if (o.samples == 0) throw std::invalid_argument(at + "samples must be at least 1, not 0");
    detail::check_batch_size(o.batch_size, at);
    if (inputs.size() % in != 0)
        throw std::invalid_argument(at + "got " + std::to_string(inputs.size()) +
                                    " floats, not a multiple of the input size " + std::to_string(in));
    detail::check_input_rows(inputs.data(), inputs.size(), in, at, "the inputs");
    const std::size_t n = inputs.size() / in;
    const std::uint64_t samples = o.samples;
    if (n != 0 && samples > std::numeric_limits<std::uint64_t>::max() / n)
        throw std::invalid_argument(at + std::to_string(n) + " inputs times " + std::to_string(o.samples) +
                                    " samples are more than 2^64 passes");

    mc_prediction result{std::vector<float>(n * out), std::vector<float>(n * out), o.samples};
    if (n == 0) return result;
    const std::uint64_t rows = n * samples;
    const std::size_t batch = static_cast<std::size_t>(std::min<std::uint64_t>(o.batch_size, rows));
    const std::size_t threads = o.threads == 0 ? kernels::thread_pool::default_size() : o.threads;
    const std::unique_ptr<kernels::thread_pool> pool =
        threads > 1 ? std::make_unique<kernels::thread_pool>(threads) : nullptr;
    // The passes run the kernels of running_kernels() (exec/kernel_sets.hpp).
    detail::with_kernels([&]<class K>(K) {
        using exec = typename K::template executor<net>;
        detail::workspace ws;
        exec::prepare(ws, batch);
        constexpr bool fold = detail::mc_passes_fold<net>();
        if constexpr (fold) exec::fold_for_inference(ws, model.parameters(), model.state());
        detail::arena state(P.state_floats);  // inference only reads it; the copy keeps the model const
        std::copy_n(model.state(), P.state_floats, state.data());

        // Rows are numbered g = i * samples + j in input order, so one input's passes are consecutive
        // and its moments can be accumulated row by row (one input in progress at a time).
        std::vector<double> mean(out), m2(out);
        std::uint64_t g0 = 0;
        while (g0 < rows) {
            // A batch does not cross a multiple of 2^32 rows: its rows share the step word.
            const std::uint64_t to_wrap = (std::uint64_t{1} << 32) - (g0 & 0xFFFF'FFFFu);
            const std::size_t m = static_cast<std::size_t>(std::min<std::uint64_t>({batch, rows - g0, to_wrap}));
            float* x = exec::input(ws);
            detail::split_rows(pool.get(), m, in, [&](std::size_t r0, std::size_t r1) {
                for (std::size_t r = r0; r < r1; ++r)
                    std::copy_n(inputs.data() + static_cast<std::size_t>((g0 + r) / samples) * in, in, x + r * in);
            });
            detail::pass p{fold ? ws.folded.data() : model.parameters(), state.data(), nullptr, &ws, m};
            p.folded = fold;
            p.dropout_active = true;
            p.seed = o.seed;
            p.step = static_cast<std::uint32_t>(g0 >> 32);
            p.first_row = static_cast<std::uint32_t>(g0);
            p.pool = pool.get();
            exec::forward(p);
            const float* y = exec::output(p);
            for (std::size_t r = 0; r < m; ++r) {
                const std::uint64_t g = g0 + r;
                const auto i = static_cast<std::size_t>(g / samples);
                const auto j = static_cast<std::size_t>(g % samples);
                kernels::running_moments::add(y + r * out, out, j + 1, mean.data(), m2.data());
                if (j + 1 == o.samples)
                    kernels::running_moments::finish(mean.data(), m2.data(), out, o.samples, result.mean.data() + i * out,
                                                     result.stddev.data() + i * out);
            }
            g0 += m;
        }
    });
    return result;
}

} // namespace ctnet
