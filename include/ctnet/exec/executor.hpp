// executor: runs a network's plan forward and backward over its arenas, one stage at a time.
#ifndef CTNET_BODY_EXEC_EXECUTOR_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_EXEC_EXECUTOR_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include <ctnet/exec/activation_kernel.hpp>
#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/pass.hpp>
#include <ctnet/exec/rrelu_pass.hpp>
#include <ctnet/exec/split_rows.hpp>
#include <ctnet/kernels/alpha_dropout.hpp>
#include <ctnet/kernels/batch_norm.hpp>
#include <ctnet/kernels/gemm.hpp>
#include <ctnet/kernels/gemv_bf16.hpp>
#include <ctnet/kernels/philox.hpp>
#include <ctnet/kernels/prelu.hpp>
#include <ctnet/kernels/thread_pool.hpp>
#include <ctnet/network/network_facts.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

template <class Net>
struct executor {
    static constexpr const auto& P = facts_of<Net>::planned;
    static constexpr std::size_t stages = P.stage_count;

    static void prepare(workspace& w, std::size_t rows) {
        if (w.rows >= rows && w.activations.size() != 0) return;
        w.rows = rows;
        w.activations = arena(P.activation_floats_per_row * rows);
        w.gradients = arena(P.gradient_floats_per_row * rows);
        w.statistics = arena(P.state_floats);
        w.sum_squares = arena(P.state_floats);
        w.scratch = arena(scratch_floats());
    }

    /// The buffers of inference passes of up to `rows` rows: activations, and the statistics a batch
    /// norm's code addresses (no gradients).
    static void prepare_inference(workspace& w, std::size_t rows) {
        if (w.rows >= rows && w.activations.size() != 0) return;
        w.rows = rows;
        w.activations = arena(P.activation_floats_per_row * rows);
        w.statistics = arena(P.state_floats);
        w.sum_squares = arena(P.state_floats);
        w.scratch = arena(scratch_floats());
    }

    static float* input(workspace& w) { return w.activations.data(); }

    /// Output rows of the last pass (probabilities after softmax in inference; logits turned into
    /// probabilities by the fused loss in training).
    static const float* output(const pass& p) {
        constexpr stage last = P.stages[stages - 1];
        const std::size_t at = (last.activation.id == activation_id::softmax && last.bn == bn_position::none &&
                                last.kind == stage_kind::dense)
                                   ? (p.fused_loss ? last.pre : last.out)
                                   : last.out;
        return p.ws->activations.data() + at * p.m;
    }

    static void forward(const pass& p) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (forward_stage<I>(p), ...); }(
            std::make_index_sequence<stages>{});
    }

    // Inference folding. In inference a batch norm is a fixed affine map per feature, so it folds into
    // a dense next to it: into its own stage's dense when it sits between the GEMM and the activation
    // (dense -> BN -> activation: columns of W scaled), else into the next stage's dense when that
    // stage starts with one (BN -> dense, dense -> activation -> BN -> dense: rows of W scaled, the
    // shift pushed through W into the bias). A folded pass runs GEMM, bias and activation only.
    static constexpr bool folds_into_own_dense(std::size_t i) {
        return P.stages[i].kind == stage_kind::dense && P.stages[i].bn == bn_position::before_activation;
    }
    static constexpr bool folds_into_next(std::size_t i) {
        const stage& s = P.stages[i];
        return (s.kind == stage_kind::batch_norm ||
                (s.kind == stage_kind::dense && s.bn == bn_position::after_activation)) &&
               i + 1 < stages && P.stages[i + 1].kind == stage_kind::dense;
    }
    static constexpr bool gets_fold(std::size_t i) { return i > 0 && folds_into_next(i - 1); }
    static constexpr bool skips_batch_norm(std::size_t i) { return folds_into_own_dense(i) || folds_into_next(i); }

    // Where stage i's bias is in the folded arena: its own slot, or (a dense without bias that a
    // fold gives one) a slot after the parameters. no_offset: no bias.
    static constexpr std::array<std::size_t, stages> folded_bias = [] {
        std::array<std::size_t, stages> at{};
        std::size_t extra = P.param_floats;
        for (std::size_t i = 0; i < stages; ++i) {
            at[i] = P.stages[i].bias;
            if (at[i] == no_offset && (folds_into_own_dense(i) || gets_fold(i))) {
                at[i] = extra;
                extra += P.stages[i].units;
            }
        }
        return at;
    }();
    static constexpr std::size_t folded_floats = [] {
        std::size_t n = P.param_floats;
        for (std::size_t i = 0; i < stages; ++i)
            if (folded_bias[i] >= P.param_floats && folded_bias[i] != no_offset) n += P.stages[i].units;
        return n;
    }();

    // Where stage i's kernel is in the padded layout (kernels::pad_weights), for dense stages.
    static constexpr std::array<std::size_t, stages> padded_kernel = [] {
        std::array<std::size_t, stages> at{};
        std::size_t n = 0;
        for (std::size_t i = 0; i < stages; ++i) {
            at[i] = P.stages[i].kind == stage_kind::dense ? n : no_offset;
            if (P.stages[i].kind == stage_kind::dense)
                n += P.stages[i].inputs * ((P.stages[i].units + 15) / 16 * 16);
        }
        return at;
    }();
    static constexpr std::size_t padded_floats = [] {
        std::size_t n = 0;
        for (std::size_t i = 0; i < stages; ++i)
            if (P.stages[i].kind == stage_kind::dense) n += P.stages[i].inputs * ((P.stages[i].units + 15) / 16 * 16);
        return n;
    }();

    // Where stage i's kernel is in the bf16 layout (kernels::pack_bf16), for dense stages.
    static constexpr std::array<std::size_t, stages> bf16_kernel = [] {
        std::array<std::size_t, stages> at{};
        std::size_t n = 0;
        for (std::size_t i = 0; i < stages; ++i) {
            at[i] = P.stages[i].kind == stage_kind::dense ? n : no_offset;
            if (P.stages[i].kind == stage_kind::dense)
                n += (P.stages[i].inputs + 1) / 2 * ((P.stages[i].units + 15) / 16 * 16) * 2;
        }
        return at;
    }();
    static constexpr std::size_t bf16_elements = [] {
        std::size_t n = 0;
        for (std::size_t i = 0; i < stages; ++i)
            if (P.stages[i].kind == stage_kind::dense)
                n += (P.stages[i].inputs + 1) / 2 * ((P.stages[i].units + 15) / 16 * 16) * 2;
        return n;
    }();

    /// Every dense kernel of `params` rounded to bfloat16 in `out` (bf16_elements, 64-byte aligned), for
    /// passes with `bf16` set.
    static void pack_for_bf16(const float* params, std::uint16_t* out) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (bf16_stage<I>(params, out), ...); }(
            std::make_index_sequence<stages>{});
    }

    /// Lays out every dense kernel of `params` (fold_for_inference's, or a model's) in `padded`
    /// (padded_floats, 64-byte aligned), for passes with `padded` set.
    static void pad_for_inference(const float* params, float* padded) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (pad_stage<I>(params, padded), ...); }(
            std::make_index_sequence<stages>{});
    }

    /// Fills ws.folded with the parameters of a folded inference pass (a pass with `folded` set and
    /// `params = ws.folded.data()`): a copy of `params` with each foldable batch norm's moving
    /// statistics, gamma and beta folded into its dense. Equal to the unfolded inference up to float
    /// rounding (the products are associated differently).
    static void fold_for_inference(workspace& ws, const float* params, const float* state) {
        if (ws.folded.size() != folded_floats) ws.folded = arena(folded_floats);
        float* f = ws.folded.data();
        std::copy(params, params + P.param_floats, f);
        std::fill(f + P.param_floats, f + folded_floats, 0.0f);
        [&]<std::size_t... I>(std::index_sequence<I...>) { (fold_stage<I>(params, state, f), ...); }(
            std::make_index_sequence<stages>{});
    }

    // Stage i is a dense whose input is a batch norm on the network's input (stage 0): the batch
    // norm's gradients then come from the dense's weight gradient (dense_after_input_batch_norm).
    // Both train (a frozen batch norm runs on its moving statistics; a frozen kernel has no gradient).
    static constexpr bool input_batch_norm_through_kernel(std::size_t i) {
        return i == 1 && P.stages[0].kind == stage_kind::batch_norm && P.stages[1].kind == stage_kind::dense &&
               !P.stages[0].dropout_fused && P.stages[1].in == P.stages[0].out && P.stages[0].train_bn &&
               P.stages[1].train_kernel;
    }
    // In training on batches of at least scaled_gemm_min_rows, such a batch norm stores x_hat only:
    // the dense's GEMM reads x_hat with gamma and beta applied to its weights
    // (kernels::gemm_nn_scaled_rows), and its backward reads x_hat too. Scaling the weights costs a
    // pass over them per step whatever the batch, and saves writing and reading the batch norm's
    // output: measured on the chapter's model, a gain at batch 256 (5%), none at 32 (within 2%,
    // either sign, depending on the thread count).
    static constexpr std::size_t scaled_gemm_min_rows = 128;
    static constexpr bool input_batch_norm_feeds_scaled_gemm(std::size_t i) {
        return i + 1 < stages && input_batch_norm_through_kernel(i + 1);
    }
    static bool scaled_gemm_after_input_batch_norm(const pass& p) { return p.training && p.m >= scaled_gemm_min_rows; }

    // Stage i's activation derivative is applied by stage i+1's input-gradient GEMM, to each tile of
    // dL/d(stage i's output) as the GEMM finishes it, instead of in a pass of its own: stage i is a
    // dense whose activation comes straight after its GEMM (no batch norm, no dropout; not prelu,
    // whose slope gradient is a reduction over rows, not softmax or linear), and stage i+1 is a
    // dense computing that gradient with gemm_nt. Not rrelu either: its slopes are drawn per
    // (row, unit) over whole rows (rrelu_pass), and a tile is a column slice.
    static constexpr bool derivative_in_next_gemm(std::size_t i) {
        const stage& s = P.stages[i];
        return i + 1 < stages && P.stages[i + 1].kind == stage_kind::dense && !input_batch_norm_through_kernel(i + 1) &&
               s.kind == stage_kind::dense && s.bn == bn_position::none && !s.dropout_fused &&
               s.activation.id != activation_id::linear && s.activation.id != activation_id::softmax &&
               s.activation.id != activation_id::prelu && s.activation.id != activation_id::rrelu;
    }

    // Frozen layers (frozen<...>): the backward pass stops at the lowest stage that has a parameter
    // that trains. That stage computes its own gradients but no input gradient; the stages below it
    // run no backward at all; a frozen stage above it passes the gradient on, computing none of its own.
    static constexpr bool needs_input_gradient(std::size_t i) {
        for (std::size_t j = 0; j < i; ++j)
            if (trains_any(P.stages[j])) return true;
        return false;
    }
    static constexpr bool runs_backward(std::size_t i) { return trains_any(P.stages[i]) || needs_input_gradient(i); }
    // A batch norm in batch mode: in training, unless frozen.
    static bool batch_statistics(const pass& p, const stage& s) { return p.training && s.train_bn; }

    /// A training forward leaves the state arena as it was: each batch norm's batch mean and
    /// variance wait in the workspace until the step is accepted. This folds them into the moving
    /// statistics (Keras's moving averages), once per accepted step.
    static void commit_moving_statistics(const pass& p) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (commit_stage<I>(p), ...); }(
            std::make_index_sequence<stages>{});
    }

    /// The first stage whose batch statistics of the last training forward are not finite (a
    /// variance that overflowed float, a mean of non-finite values), or `stages` if there is none.
    static std::size_t first_non_finite_statistics(const pass& p) {
        for (std::size_t i = 0; i < stages; ++i) {
            const stage& s = P.stages[i];
            if (s.moving_mean == no_offset || !s.train_bn) continue;
            const float* mean = p.ws->statistics.data() + s.moving_mean;
            const float* var = p.ws->sum_squares.data() + s.moving_mean;
            for (std::size_t j = 0; j < s.units; ++j)
                if (!std::isfinite(mean[j]) || !std::isfinite(var[j])) return i;
        }
        return stages;
    }

    /// Backward from the loss gradient in gradient_buffer(p, stages - 1) (written by the loss).
    ///
    /// `on_gradient(s, range)` is called once for every range of the parameter arena (gradient_range:
    /// contiguous, or a block of a kernel's rows) as soon as its gradient is final and nothing later in the pass reads those
    /// parameters: for a kernel, per finished tile of the weight-gradient GEMM (a block of rows), on the
    /// thread that computed it and while it is in L1. An optimizer that updates the range there
    /// saves a pass over the gradient arena, and with two threads each updates the kernel columns
    /// it owns, which then stay in that core's cache. Every parameter is in exactly one call.
    template <class OnGradient = ignore_gradient>
    static void backward(const pass& p, OnGradient&& on_gradient = {}) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (backward_stage<stages - 1 - I>(p, on_gradient), ...); }(
            std::make_index_sequence<stages>{});
    }

    /// The buffer holding dL/d(output of stage I): stages alternate between the two halves.
    static float* gradient_buffer(const pass& p, std::size_t i) {
        const std::size_t half = P.gradient_floats_per_row / 2 * p.m;
        return p.ws->gradients.data() + ((stages - 1 - i) % 2 == 0 ? 0 : half);
    }

private:
    // The activation kernel of stage I; prelu's slopes are parameters and rrelu's training slopes
    // are drawn from the pass's seed and step (on stage I's own stream), so those are made at run time.
    template <std::size_t I>
    static auto activation_of(const pass& p) {
        constexpr stage s = P.stages[I];
        if constexpr (s.activation.id == activation_id::prelu) return kernels::prelu{p.params + s.alpha, s.units};
        else if constexpr (s.activation.id == activation_id::rrelu)
            return rrelu_pass{activation_kernel<s.activation, s.units>(), s.units, p.training,
                              {p.seed, kernels::philox::stream_of(static_cast<std::uint32_t>(I), kernels::philox::rrelu_slope),
                               p.step, 0},
                              p.pool};
        else return activation_kernel<s.activation, s.units>();
    }

    // dL/dalpha of a prelu stage, before its backward overwrites dy: sum over rows of dy * min(z, 0).
    template <std::size_t I, class Act>
    static void prelu_gradient(const pass& p, const Act& act, const float* z, const float* dy) {
        constexpr stage s = P.stages[I];
        if constexpr (s.activation.id == activation_id::prelu && s.train_alpha) {
            float* dalpha = p.grads + s.alpha;
            std::fill(dalpha, dalpha + s.units, 0.0f);
            act.accumulate_alpha_gradient(z, dy, dalpha, p.m * s.units);
        }
    }

    // A prelu's slopes are final once its backward (which reads them) is done.
    template <std::size_t I, class OnGradient>
    static void prelu_done(const pass& p, OnGradient& on_gradient) {
        constexpr stage s = P.stages[I];
        if constexpr (s.activation.id == activation_id::prelu && s.train_alpha)
            on_gradient(s, in_arena(p, s.alpha, s.units));
    }

    // The batch-norm parameter gradients of stage s are final.
    template <class OnGradient>
    static void batch_norm_done(const pass& p, const stage& s, OnGradient& on_gradient) {
        on_gradient(s, in_arena(p, s.gamma, s.units));
        on_gradient(s, in_arena(p, s.beta, s.units));
    }

    // A contiguous range whose gradient is in the gradient arena.
    static gradient_range in_arena(const pass& p, std::size_t at, std::size_t count) {
        return gradient_range{at, count, 1, count, false, 0, p.grads + at};
    }

    // A finished tile of stage s's kernel gradient (rows [r0, r1), columns [c0, c1)) at `tile`.
    static gradient_range kernel_tile(const stage& s, std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1,
                                      float* tile) {
        // The next tile of these columns starts at row r1 and has about as many rows.
        const std::size_t ahead = r1 < s.inputs ? (r1 - r0) * s.units : 0;
        return gradient_range{s.kernel + r0 * s.units + c0, c1 - c0, r1 - r0, s.units, true, ahead, tile};
    }

    // dW = a^T b for stage I's kernel, each finished tile handed to on_tile(r0, r1, c0, c1, tile). When
    // the hook consumes the gradients (fit's update), the tiles come from the GEMM's tile buffer
    // (kernels::gemm_tn_tiles) and never reach the arena; for ignore_gradient (loss_and_gradients)
    // the arena is what the caller wants, and the tiles are in it.
    template <std::size_t I, class OnGradient, class OnTile>
    static void kernel_gradient(const pass& p, const float* a, const float* b, OnTile& on_tile) {
        constexpr stage s = P.stages[I];
        constexpr std::size_t K = s.inputs, N = s.units;
        float* g = p.grads + s.kernel;
        if constexpr (!std::is_same_v<std::remove_cvref_t<OnGradient>, ignore_gradient>) {
            kernels::gemm_tn_tiles<K, N>(p.m, a, b, g, on_tile, p.pool);
        } else {
            kernels::gemm_tn<K, N>(
                p.m, a, b, g,
                [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) { on_tile(r0, r1, c0, c1, g + r0 * N + c0); },
                p.pool);
        }
    }

    template <std::size_t I>
    static constexpr bool fused_softmax() {
        constexpr stage s = P.stages[I];
        return I + 1 == stages && s.kind == stage_kind::dense && s.bn == bn_position::none &&
               s.activation.id == activation_id::softmax && !s.dropout_fused;
    }

    // Inverted dropout on x (p.m rows of n), in place; the mask is philox::keep's on stage `stream`'s
    // dropout stream keyed by (step, first_row + row, unit), drawn a block of four units at a time
    // and, on two threads, by halves of the rows: the same mask either way.
    static void apply_dropout(const pass& p, std::size_t stream, float rate, float* x, std::size_t n) {
        const float scale = 1.0f / (1.0f - rate);
        const std::uint32_t id = kernels::philox::stream_of(static_cast<std::uint32_t>(stream), kernels::philox::dropout);
        split_rows(p.pool, p.m, n, [&](std::size_t r0, std::size_t r1) {
            // to_range(bits, 0, 1) is to_unit(bits) exactly: keep where it is >= rate, as philox::keep.
            kernels::philox::for_uniform_chunks(
                p.seed, id, p.step, p.first_row + static_cast<std::uint32_t>(r0), r1 - r0, n, 0.0f, 1.0f,
                [&](std::size_t off, std::size_t len, const float* u) {
                    float* v = x + r0 * n + off;
                    // Branch-free (a dropped value is a coin flip the predictor misses about `rate` of
                    // the time): the scaled value's bits and'ed with an all-ones or all-zeros mask, which
                    // gives exactly v * scale or +0.0f and vectorises. Local copies of rate and scale, as
                    // a store to v could otherwise change the captured ones.
                    const float keep_from = rate, kept_scale = scale;
                    for (std::size_t c = 0; c < len; ++c) {
                        const float kept = v[c] * kept_scale;
                        std::uint32_t bits;
                        std::memcpy(&bits, &kept, sizeof bits);
                        bits &= 0u - static_cast<std::uint32_t>(u[c] >= keep_from);
                        std::memcpy(v + c, &bits, sizeof bits);
                    }
                });
        });
    }

    // Alpha dropout of stage I in training, forward (x -> y) or backward (dy -> dx), on whole rows:
    // the mask is drawn per (row, unit) from stage I's dropout stream, so backward redraws it.
    template <std::size_t I>
    static void alpha_dropout_rows(const pass& p, const float* in, float* out, bool forward) {
        constexpr stage s = P.stages[I];
        const kernels::alpha_dropout k{s.rate};
        const std::uint32_t stream = kernels::philox::stream_of(static_cast<std::uint32_t>(I), kernels::philox::dropout);
        split_rows(p.pool, p.m, s.units, [&](std::size_t r0, std::size_t r1) {
            const kernels::alpha_dropout::draw d{p.seed, stream, p.step, p.first_row + static_cast<std::uint32_t>(r0)};
            if (forward) k.forward_training(in + r0 * s.units, out + r0 * s.units, r1 - r0, s.units, d);
            else k.backward_training(in + r0 * s.units, out + r0 * s.units, r1 - r0, s.units, d);
        });
    }

    // The workspace's scratch floats: what dense_after_input_batch_norm needs, if the network has one.
    static constexpr std::size_t scratch_floats() {
        if constexpr (stages > 1) {
            if constexpr (input_batch_norm_through_kernel(1)) {
                constexpr stage s = P.stages[1];
                return s.units + 2 * kernels::detail::make_panels<s.units>().size() * s.inputs;
            }
        }
        return 0;
    }

    // Below this many elements a per-feature pass is not worth handing half of to the second thread.
    static constexpr std::size_t parallel_min_elements = 4096;

    // Runs f(first, count) (std::integral_constant column slice) over the N features of a per-feature
    // pass: two slices split where the GEMMs split their columns between two threads (so each core
    // works on the columns already in its cache), or one slice when there is no second thread or
    // too little work. Features are independent, so the result does not depend on the slicing.
    template <std::size_t N, class F>
    static void by_columns(const pass& p, F&& f) {
        using whole = std::integral_constant<std::size_t, N>;
        using zero = std::integral_constant<std::size_t, 0>;
        constexpr std::size_t split = kernels::two_thread_column_split<N>;
        if constexpr (split > 0 && split < N) {
            if (p.pool != nullptr && p.pool->size() >= 2 && p.m * N >= parallel_min_elements) {
                p.pool->parallel_for(2, [&](std::size_t t) {
                    if (t == 0) f(zero{}, std::integral_constant<std::size_t, split>{});
                    else f(std::integral_constant<std::size_t, split>{}, std::integral_constant<std::size_t, N - split>{});
                });
                return;
            }
        }
        f(zero{}, whole{});
    }

    // Batch-norm forward. In training the batch's shifted sums (accumulate_shifted_sums) go into the
    // statistics arena and sum_squares, gathered here or, with `sums_ready`, already by the GEMM's
    // epilogue (then one pass over x instead of two); finish_statistics turns them into the batch
    // mean, 1/sqrt(var + eps) and var (in sum_squares), bitwise as batch_norm::train_forward; the
    // moving statistics wait for commit_moving_statistics. y may be null in training (not wanted:
    // only x_hat is stored).
    template <std::size_t N>
    static void batch_norm_forward(const pass& p, const stage& s, const float* x, float* x_hat, float* y,
                                   bool sums_ready = false) {
        const float* gamma = p.params + s.gamma;
        const float* beta = p.params + s.beta;
        const float* mean = p.state + s.moving_mean;
        const float* var = p.state + s.moving_variance;
        float* stats = p.ws->statistics.data();
        float* sum_sq = p.ws->sum_squares.data() + s.moving_mean;
        by_columns<N>(p, [&](auto c0, auto n) {
            using bn = kernels::batch_norm<decltype(n)::value, N>;
            float* batch_mean = stats + s.moving_mean + c0;
            float* inv_std = stats + s.moving_variance + c0;
            if (batch_statistics(p, s)) {
                if (!sums_ready)
                    kernels::accumulate_shifted_sums(x + c0, N, 0, p.m, 0, n, batch_mean, inv_std, sum_sq + c0);
                bn::finish_statistics(p.m, s.epsilon, batch_mean, inv_std, sum_sq + c0);
                if (y != nullptr) bn::normalize(x + c0, p.m, gamma + c0, beta + c0, batch_mean, inv_std, x_hat + c0, y + c0);
                else bn::standardize(x + c0, p.m, batch_mean, inv_std, x_hat + c0);
            } else
                bn::inference_forward(x + c0, p.m, gamma + c0, beta + c0, mean + c0, var + c0, s.epsilon, y + c0);
        });
    }

    // Batch-norm backward in training mode (dx may be dy), then its parameter gradients are final. A
    // frozen batch norm ran on its moving statistics: a fixed scale per feature, and no gradients of its own.
    template <std::size_t N, class OnGradient>
    static void batch_norm_backward(const pass& p, const stage& s, const float* dy, const float* x_hat, float* dx,
                                    OnGradient& on_gradient) {
        const float* gamma = p.params + s.gamma;
        if (!s.train_bn) {
            if (dx != nullptr)
                by_columns<N>(p, [&](auto c0, auto n) {
                    kernels::batch_norm<decltype(n)::value, N>::inference_backward(
                        dy + c0, p.m, gamma + c0, p.state + s.moving_variance + c0, s.epsilon, dx + c0);
                });
            return;
        }
        const float* inv_std = p.ws->statistics.data() + s.moving_variance;
        by_columns<N>(p, [&](auto c0, auto n) {
            kernels::batch_norm<decltype(n)::value, N>::train_backward(dy + c0, x_hat + c0, gamma + c0, inv_std + c0, p.m,
                                                                       dx != nullptr ? dx + c0 : nullptr,
                                                                       p.grads + s.gamma + c0,
                                                                       p.grads + s.beta + c0, false);
        });
        batch_norm_done(p, s, on_gradient);
    }

    template <std::size_t I>
    static void commit_stage(const pass& p) {
        constexpr stage s = P.stages[I];
        if constexpr (s.moving_mean != no_offset && s.train_bn)
            kernels::batch_norm<s.units>::update_moving_statistics(
                s.momentum, p.state + s.moving_mean, p.state + s.moving_variance,
                p.ws->statistics.data() + s.moving_mean, p.ws->sum_squares.data() + s.moving_mean);
    }

    template <std::size_t I>
    static void bf16_stage(const float* params, std::uint16_t* out) {
        constexpr stage s = P.stages[I];
        if constexpr (s.kind == stage_kind::dense)
            kernels::pack_bf16<s.inputs, s.units>(params + s.kernel, out + bf16_kernel[I]);
    }

    template <std::size_t I>
    static void pad_stage(const float* params, float* padded) {
        constexpr stage s = P.stages[I];
        if constexpr (s.kind == stage_kind::dense)
            kernels::pad_weights<s.inputs, s.units>(params + s.kernel, padded + padded_kernel[I]);
    }

    template <std::size_t I>
    static void fold_stage(const float* params, const float* state, float* f) {
        constexpr stage s = P.stages[I];
        if constexpr (gets_fold(I)) {
            constexpr stage bn = P.stages[I - 1];
            static_assert(bn.units == s.inputs);
            kernels::batch_norm<bn.units>::template fold_into_following_dense<s.units>(
                f + s.kernel, s.bias != no_offset ? f + s.bias : nullptr, params + bn.gamma, params + bn.beta,
                state + bn.moving_mean, state + bn.moving_variance, bn.epsilon, f + s.kernel, f + folded_bias[I]);
        }
        if constexpr (folds_into_own_dense(I)) {
            constexpr bool has_bias = s.bias != no_offset || gets_fold(I);
            kernels::batch_norm<s.units>::template fold_into_preceding_dense<s.inputs>(
                f + s.kernel, has_bias ? f + folded_bias[I] : nullptr, params + s.gamma, params + s.beta,
                state + s.moving_mean, state + s.moving_variance, s.epsilon, f + s.kernel, f + folded_bias[I]);
        }
    }

    // z = x W of dense stage I, with its epilogue: on the kernel in the parameters, or on its padded copy.
    template <std::size_t I, class Epilogue>
    static void forward_gemm(const pass& p, const float* x, const float* w, float* z, const Epilogue& epilogue) {
        constexpr std::size_t K = P.stages[I].inputs, N = P.stages[I].units;
        if (p.bf16 != nullptr) {
            for (std::size_t r = 0; r < p.m; ++r) kernels::gemv_bf16<K, N>(x + r * K, p.bf16 + bf16_kernel[I], z + r * N);
            epilogue(std::size_t{0}, p.m, std::size_t{0}, N);
        } else if (p.padded != nullptr)
            kernels::gemm_nn_padded<K, N>(p.m, x, p.padded + padded_kernel[I], z, epilogue, p.pool);
        else kernels::gemm_nn<K, N>(p.m, x, w, z, epilogue, p.pool);
    }

    template <std::size_t I>
    static void forward_stage(const pass& p) {
        constexpr stage s = P.stages[I];
        constexpr std::size_t K = s.inputs, N = s.units;
        const std::size_t m = p.m;
        float* acts = p.ws->activations.data();
        const float* x = acts + s.in * m;
        float* out = acts + s.out * m;
        const auto act = activation_of<I>(p);
        constexpr bool linear = s.activation.id == activation_id::linear;
        if constexpr (s.kind == stage_kind::dense) {
            const float* w = p.params + s.kernel;
            float* z = acts + s.pre * m;
            // A folded inference pass skips this stage's batch norm (folded into this GEMM or the next).
            const bool skip_bn = skips_batch_norm(I) && p.folded;
            // The epilogue adds the bias and, where nothing sits between the GEMM and the activation
            // (no batch norm before it, not the softmax the loss fuses, not rrelu, whose slopes are
            // drawn over whole rows), applies the activation to each finished tile while it is in L1.
            constexpr bool elementwise =
                !linear && s.activation.id != activation_id::softmax && s.activation.id != activation_id::rrelu;
            const bool act_in_epilogue = elementwise && (s.bn != bn_position::before_activation || skip_bn);
            float* act_out = s.bn == bn_position::after_activation && !skip_bn ? acts + s.aux * m : out;
            // In training, the batch norm's statistics are gathered tile by tile too, from the value it
            // normalizes: z (before the activation) or the activation's output (after it, when the
            // epilogue applies the activation).
            constexpr bool bn_input_in_epilogue =
                s.bn == bn_position::before_activation || (s.bn == bn_position::after_activation && elementwise);
            const bool statistics_in_epilogue = bn_input_in_epilogue && batch_statistics(p, s);
            const float* bn_input = s.bn == bn_position::before_activation ? z : act_out;
            constexpr bool has_bn = s.bn != bn_position::none;
            float* shift = has_bn ? p.ws->statistics.data() + s.moving_mean : nullptr;
            float* sum = has_bn ? p.ws->statistics.data() + s.moving_variance : nullptr;
            float* sum_sq = has_bn ? p.ws->sum_squares.data() + s.moving_mean : nullptr;
            const float* b = folded_bias[I] == no_offset ? nullptr
                             : p.folded                  ? p.params + folded_bias[I]
                             : s.bias != no_offset       ? p.params + s.bias
                                                         : nullptr;
            // After a batch norm on the input, in training: z = x_hat (gamma W) + (beta W + b), with gamma
            // applied to W's rows as the GEMM packs them and beta W summed from the same blocks, so the
            // batch norm's output is never stored (input_batch_norm_feeds_scaled_gemm).
            const bool scaled = input_batch_norm_through_kernel(I) && scaled_gemm_after_input_batch_norm(p);
            float* shift_sum = scaled ? p.ws->scratch.data() : nullptr;  // N floats; the backward reuses them later
            const auto epilogue = [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
                    for (std::size_t r = r0; r < r1; ++r) {
                        if (shift_sum != nullptr)
                            for (std::size_t c = c0; c < c1; ++c) z[r * N + c] += b != nullptr ? b[c] + shift_sum[c] : shift_sum[c];
                        else if (b != nullptr)
                            for (std::size_t c = c0; c < c1; ++c) z[r * N + c] += b[c];
                        if constexpr (elementwise) {
                            if (!act_in_epilogue) continue;
                            if constexpr (s.activation.id == activation_id::prelu)
                                kernels::prelu{p.params + s.alpha + c0, c1 - c0}.forward(z + r * N + c0,
                                                                                         act_out + r * N + c0, c1 - c0);
                            else
                                act.forward(z + r * N + c0, act_out + r * N + c0, c1 - c0);
                        }
                    }
                    if constexpr (bn_input_in_epilogue) {
                        if (statistics_in_epilogue)
                            kernels::accumulate_shifted_sums(bn_input, N, r0, r1, c0, c1, shift, sum, sum_sq);
                    }
                };
            if constexpr (input_batch_norm_through_kernel(I)) {
                constexpr stage bn = P.stages[I - 1];
                if (scaled) {
                    kernels::gemm_nn_scaled_rows<K, N>(m, acts + bn.pre * m, w, p.params + bn.gamma, p.params + bn.beta,
                                                       shift_sum, z, epilogue, p.pool);
                } else {
                    forward_gemm<I>(p, x, w, z, epilogue);
                }
            } else {
                forward_gemm<I>(p, x, w, z, epilogue);
            }
            if (skip_bn) {
                if constexpr (!elementwise) {
                    if (out != z) act.forward(z, out, m * N);  // softmax, or linear: a copy
                }
            } else if constexpr (s.bn == bn_position::none) {
                if constexpr (fused_softmax<I>()) {
                    if (!p.fused_loss) act.forward(z, out, m * N);
                } else if constexpr (!elementwise && s.out != s.pre) {
                    act.forward(z, out, m * N);  // linear with a fused dropout: out is a copy of z
                }
            } else if constexpr (s.bn == bn_position::after_activation) {
                if constexpr (!elementwise) act.forward(z, acts + s.aux * m, m * N);  // rrelu (its statistics are gathered here)
                batch_norm_forward<N>(p, s, acts + s.aux * m, acts + s.mid * m, out, statistics_in_epilogue);
            } else {
                float* u = acts + s.aux * m;
                batch_norm_forward<N>(p, s, z, acts + s.mid * m, u, statistics_in_epilogue);
                if constexpr (s.out != s.aux) act.forward(u, out, m * N);
            }
            if constexpr (s.dropout_fused) {
                if (p.training || p.dropout_active) apply_dropout(p, I, s.rate, out, N);
            }
        } else if constexpr (s.kind == stage_kind::batch_norm) {
            if (skips_batch_norm(I) && p.folded) std::copy(x, x + m * N, out);  // folded into the next dense
            else if (input_batch_norm_feeds_scaled_gemm(I) && scaled_gemm_after_input_batch_norm(p))
                batch_norm_forward<N>(p, s, x, acts + s.pre * m, nullptr);  // the next GEMM applies gamma and beta
            else batch_norm_forward<N>(p, s, x, acts + s.pre * m, out);
        } else if constexpr (s.kind == stage_kind::activation) {
            if constexpr (linear) std::copy(x, x + m * N, out);
            else act.forward(x, out, m * N);
        } else if constexpr (s.kind == stage_kind::dropout) {
            std::copy(x, x + m * N, out);
            if (p.training || p.dropout_active) apply_dropout(p, I, s.rate, out, N);
        } else if constexpr (s.kind == stage_kind::alpha_dropout) {
            if ((p.training || p.dropout_active) && s.rate > 0.0f) alpha_dropout_rows<I>(p, x, out, true);
            else std::copy(x, x + m * N, out);  // inference, or rate 0: the identity
        }
    }

    // dL/dbias = column sums of dy (rows ascending).
    template <std::size_t N>
    static void column_sums(const float* dy, std::size_t m, float* out) {
        for (std::size_t c = 0; c < N; ++c) out[c] = 0.0f;
        for (std::size_t r = 0; r < m; ++r)
            for (std::size_t c = 0; c < N; ++c) out[c] += dy[r * N + c];
    }

    // A dense stage's GEMMs backward: dx = dy W^T (if wanted), then dW = x^T dy, handed on tile by
    // tile, and the bias gradient (unless the kernel is frozen).
    template <std::size_t I, class OnGradient>
    static void dense_backward(const pass& p, const float* x, const float* dy, float* dx, OnGradient& on_gradient) {
        constexpr stage s = P.stages[I];
        constexpr std::size_t K = s.inputs, N = s.units;
        const std::size_t m = p.m;
        // dx reads the kernel, so it comes before the kernel's gradient is handed on (and updated).
        if (dx != nullptr) {
            if constexpr (I > 0 && derivative_in_next_gemm(I - 1)) {
                // Stage I-1's activation derivative, applied to each tile of dx while it is in L1.
                constexpr stage prev = P.stages[I - 1];
                const auto act = activation_of<I - 1>(p);
                const float* z = p.ws->activations.data() + prev.pre * m;
                const float* y = p.ws->activations.data() + prev.out * m;
                kernels::gemm_nt<K, N>(
                    m, dy, p.params + s.kernel, dx,
                    [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
                        for (std::size_t r = r0; r < r1; ++r) {
                            const std::size_t at = r * K + c0;
                            act.backward(z + at, y + at, dx + at, dx + at, c1 - c0);
                        }
                    },
                    p.pool);
            } else {
                kernels::gemm_nt<K, N>(m, dy, p.params + s.kernel, dx, p.pool);
            }
        }
        if constexpr (s.train_kernel) {
            const auto hand_on = [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1, float* tile) {
                on_gradient(s, kernel_tile(s, r0, r1, c0, c1, tile));
            };
            kernel_gradient<I, OnGradient>(p, x, dy, hand_on);
            if constexpr (s.bias != no_offset) {
                column_sums<N>(dy, m, p.grads + s.bias);
                on_gradient(s, in_arena(p, s.bias, N));
            }
        }
    }

    // Stage I is a dense right after a batch norm on the network's input (stage 0, as in the
    // chapter's model). That batch norm needs no input gradient, only dgamma and dbeta, and those
    // follow from this dense's own quantities, so dx = dz W^T (the step's biggest GEMM after the
    // forward one) is never formed. With y = gamma x_hat + beta the batch norm's output, dz this
    // stage's GEMM gradient, s = column sums of dz and G = x_hat^T dz:
    //   dW = y^T dz = gamma (row) * G + beta (row) * s (column)
    //   dgamma[k] = sum_r dx[r][k] x_hat[r][k] = sum_j W[k][j] G[k][j]
    //   dbeta[k]  = sum_r dx[r][k]             = sum_j W[k][j] s[j]
    // The GEMM computes G from x_hat instead of y; its epilogue forms the two row sums (per column
    // panel, then the panels in order: the same sums for any thread count) from the weights before
    // their update, turns G into dW and hands the tile on. Equal to the textbook path up to float
    // rounding (tests/unit/network/fused_vs_naive.cpp, gradient_check.cpp).
    template <std::size_t I, class OnGradient>
    static void dense_after_input_batch_norm(const pass& p, const float* dz, OnGradient& on_gradient) {
        constexpr stage s = P.stages[I];
        constexpr stage bn = P.stages[I - 1];
        constexpr std::size_t K = s.inputs, N = s.units;
        constexpr auto panels = kernels::detail::make_panels<N>();
        const std::size_t m = p.m;
        const float* x_hat = p.ws->activations.data() + bn.pre * m;
        const float* gamma = p.params + bn.gamma;
        const float* beta = p.params + bn.beta;
        const float* w = p.params + s.kernel;
        // In the workspace, not on the stack: K partial sums per panel grow with the input size.
        float* colsum = p.ws->scratch.data();
        float* dgamma_part = colsum + N;                    // [panel][k]
        float* dbeta_part = dgamma_part + panels.size() * K; // [panel][k]
        column_sums<N>(dz, m, colsum);
        const auto hand_on = [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1, float* tile) {
            std::size_t panel = 0;
            while (panels[panel].col != c0) ++panel;
            kernels::batch_norm_through_dense_tile<N>(tile, w + r0 * N + c0, colsum + c0, gamma + r0, beta + r0, r1 - r0,
                                                      c1 - c0, dgamma_part + panel * K + r0, dbeta_part + panel * K + r0);
            on_gradient(s, kernel_tile(s, r0, r1, c0, c1, tile));
        };
        kernel_gradient<I, OnGradient>(p, x_hat, dz, hand_on);
        for (std::size_t k = 0; k < K; ++k) {
            float dgamma = 0.0f, dbeta = 0.0f;
            for (std::size_t q = 0; q < panels.size(); ++q) {
                dgamma += dgamma_part[q * K + k];
                dbeta += dbeta_part[q * K + k];
            }
            p.grads[bn.gamma + k] = dgamma;
            p.grads[bn.beta + k] = dbeta;
        }
        if constexpr (s.bias != no_offset) {
            std::copy(colsum, colsum + N, p.grads + s.bias);
            on_gradient(s, in_arena(p, s.bias, N));
        }
    }

    template <std::size_t I, class OnGradient>
    static void backward_stage(const pass& p, OnGradient& on_gradient) {
        constexpr stage s = P.stages[I];
        if constexpr (!runs_backward(I)) return;  // frozen, and so is everything below it
        constexpr std::size_t N = s.units;
        const std::size_t m = p.m;
        float* acts = p.ws->activations.data();
        const float* x = acts + s.in * m;
        float* dy = gradient_buffer(p, I);
        float* dx = needs_input_gradient(I) ? gradient_buffer(p, I - 1) : nullptr;
        const auto act = activation_of<I>(p);
        constexpr bool linear = s.activation.id == activation_id::linear;
        if constexpr (s.kind == stage_kind::dense) {
            float* z = acts + s.pre * m;
            if constexpr (s.dropout_fused) apply_dropout(p, I, s.rate, dy, N);
            if constexpr (s.bn == bn_position::none) {
                if constexpr (!fused_softmax<I>() && !linear && !derivative_in_next_gemm(I)) {
                    prelu_gradient<I>(p, act, z, dy);
                    act.backward(z, acts + s.out * m, dy, dy, m * N);
                    prelu_done<I>(p, on_gradient);
                }
            } else if constexpr (s.bn == bn_position::after_activation) {
                batch_norm_backward<N>(p, s, dy, acts + s.mid * m, dy, on_gradient);
                if constexpr (!linear) {
                    prelu_gradient<I>(p, act, z, dy);
                    act.backward(z, acts + s.aux * m, dy, dy, m * N);
                    prelu_done<I>(p, on_gradient);
                }
            } else {
                if constexpr (!linear) {
                    prelu_gradient<I>(p, act, acts + s.aux * m, dy);
                    act.backward(acts + s.aux * m, acts + s.out * m, dy, dy, m * N);
                    prelu_done<I>(p, on_gradient);
                }
                batch_norm_backward<N>(p, s, dy, acts + s.mid * m, dy, on_gradient);
            }
            if constexpr (input_batch_norm_through_kernel(I))
                dense_after_input_batch_norm<I>(p, dy, on_gradient);
            else
                dense_backward<I>(p, x, dy, dx, on_gradient);
        } else if constexpr (s.kind == stage_kind::batch_norm) {
            // A first-stage batch norm needs no input gradient (dx is null): only gamma's and beta's,
            // which the dense after it may already have computed (input_batch_norm_through_kernel).
            if constexpr (I + 1 < stages && input_batch_norm_through_kernel(I + 1)) batch_norm_done(p, s, on_gradient);
            else batch_norm_backward<N>(p, s, dy, acts + s.pre * m, dx, on_gradient);
        } else if constexpr (s.kind == stage_kind::activation) {
            prelu_gradient<I>(p, act, x, dy);
            if (dx != nullptr) {
                if constexpr (linear) std::copy(dy, dy + m * N, dx);
                else act.backward(x, acts + s.out * m, dy, dx, m * N);
            }
            prelu_done<I>(p, on_gradient);
        } else if constexpr (s.kind == stage_kind::dropout) {
            if (dx != nullptr) {
                apply_dropout(p, I, s.rate, dy, N);
                std::copy(dy, dy + m * N, dx);
            }
        } else if constexpr (s.kind == stage_kind::alpha_dropout) {
            if (dx != nullptr) {
                if constexpr (s.rate > 0.0f) alpha_dropout_rows<I>(p, dy, dx, false);
                else std::copy(dy, dy + m * N, dx);
            }
        }
    }
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_EXEC_EXECUTOR_HPP
