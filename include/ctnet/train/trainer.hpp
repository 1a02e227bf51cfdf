// trainer: a model bound to a loss and an optimizer (what compile returns): fit and evaluate.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <span>
#include <stdexcept>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include <ctnet/exec/arena.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/exec/kernel_sets.hpp>
#include <ctnet/exec/split_rows.hpp>
#include <ctnet/io/data_checks.hpp>
#include <ctnet/io/dataset.hpp>
#include <ctnet/kernels/philox.hpp>
#include <ctnet/kernels/regularizer_math.hpp>
#include <ctnet/kernels/sparse_categorical_crossentropy.hpp>
#include <ctnet/kernels/thread_pool.hpp>
#include <ctnet/train/callback.hpp>
#include <ctnet/train/detail/progress_bar.hpp>
#include <ctnet/train/fit_options.hpp>
#include <ctnet/train/history.hpp>
#include <ctnet/train/sgd.hpp>
#include <ctnet/train/sparse_categorical_crossentropy.hpp>
#include <ctnet/train/detail/loss_binding.hpp>
#include <ctnet/train/detail/optimizers.hpp>
#include <ctnet/train/detail/update_step.hpp>

namespace ctnet {

namespace detail {
// Training checkpoints live in train/checkpoint.hpp (safetensors, through nlohmann/json).
template <class Trainer>
struct checkpoint_io;
} // namespace detail

/// Holds a reference to the model (training changes the model's weights, as Keras's fit does),
/// the gradient arena and the optimizer's state arenas (the parameter arena's layout), the
/// per-batch-size buffers and the thread pool. Not copyable: it owns a pool.
template <class Model, class Loss, class Optimizer>
class trainer {
    // The kernels of one instruction set (exec/kernel_sets.hpp): every step runs those of
    // running_kernels(), through detail::with_kernels. exec and binding, the compiler's own, serve
    // what does not compute: the workspace's layout, the targets, the metric.
    using exec = detail::executor<Model>;
    template <class K>
    using exec_of = typename K::template executor<Model>;
    template <class K>
    using binding_of = typename K::template loss_binding<Loss, Model>;
    static constexpr const auto& P = detail::facts_of<Model>::planned;
    static constexpr std::size_t classes = P.output_size;
    using binding = detail::loss_binding<Loss, Model>;  // the loss's kernels, metric and data checks
    using target_t = typename binding::target_type;     // a label, or one float of a target row
    static constexpr std::size_t target_width = binding::target_width;
    static constexpr bool has_accuracy = binding::hits_per_sample != 0;  // MSE logs no accuracy, as Keras
    using optimizer = detail::optimizer_binding<Optimizer>;  // its state arenas and fused update

public:
    using model_type = Model;

    trainer(Model& model, Loss loss, Optimizer optimizer)
        : model_(model), loss_(loss), optimizer_(checked(optimizer)), gradients_(P.param_floats) {
        for (std::size_t i = 0; i < optimizer::slots; ++i)
            if (optimizer::used(optimizer_, i)) {
                state_[i] = detail::arena(P.param_floats);
                std::fill_n(state_[i].data(), P.param_floats, optimizer::initial_value(optimizer_, i));
            }
    }
    trainer(const trainer&) = delete;
    trainer& operator=(const trainer&) = delete;

    /// Trains for o.epochs over `train` in batches (the last one smaller), shuffled each epoch from
    /// the model's seed and the epoch's number counted over every fit of this trainer (two fits of
    /// one epoch train as one fit of two). Logged loss and accuracy are the running means over the
    /// epoch in training mode, as Keras logs them; validation is evaluated in inference mode after
    /// each epoch. Every argument is checked before the first step (std::invalid_argument); a step
    /// whose loss or batch statistics are not finite is refused (std::runtime_error) before it
    /// changes any weight, optimizer or moving-statistics value.
    history fit(const dataset& train, const fit_options& o = {}) {
        detail::check_batch_size(o.batch_size, "ctnet::fit: ");
        if (o.verbose < 0 || o.verbose > 2)
            throw std::invalid_argument("ctnet::fit: verbose is " + std::to_string(o.verbose) + "; it must be 0, 1 or 2");
        check_data(train, "fit", "the training data");
        if (o.validation) check_data(o.validation->get(), "fit", "the validation data");
        make_pool(o.threads);
        detail::with_kernels([&]<class K>(K) { exec_of<K>::prepare(ws_, o.batch_size); });
        const std::size_t n = train.size();
        const std::size_t steps = (n + o.batch_size - 1) / o.batch_size;
        std::vector<std::uint32_t> order(n);
        std::vector<target_t> targets(o.batch_size * target_width);
        detail::progress_bar bar(o.verbose, stdout, o.verbose > 0 && isatty(fileno(stdout)));
        control ctl{*this};
        std::vector<any_callback> callbacks = o.callbacks;  // shares each callback's state with o's
        history h;
        logs epoch_logs;
        for (auto& c : callbacks) c.on_train_begin(epoch_logs, ctl);
        for (std::size_t epoch = 0; epoch < o.epochs && !ctl.stopped; ++epoch) {
            for (auto& c : callbacks) c.on_epoch_begin(epoch, ctl);
            bar.epoch_begin(epoch, o.epochs, steps);
            const auto start = std::chrono::steady_clock::now();
            std::iota(order.begin(), order.end(), 0u);
            if (o.shuffle) shuffle(order, epochs_done_);
            double loss_sum = 0.0;
            std::size_t correct = 0, seen = 0;
            for (std::size_t step = 0; step < steps; ++step) {
                const std::size_t first = step * o.batch_size;
                const std::size_t m = std::min(o.batch_size, n - first);
                float* in = exec::input(ws_);
                const auto gather = [&](std::size_t r0, std::size_t r1) {
                    for (std::size_t r = r0; r < r1; ++r) {
                        const std::size_t i = order[first + r];
                        // The next random row is fetched while this one is copied.
                        if (r + 1 < r1) prefetch_sample(train, order[first + r + 1]);
                        std::copy(train.sample(i), train.sample(i) + P.input_size, in + r * P.input_size);
                        std::copy_n(binding::targets_of(train) + i * target_width, target_width,
                                    targets.data() + r * target_width);
                    }
                };
                // Random rows of the whole set: latency-bound, so two threads fetch twice as many at once.
                detail::split_rows(pool_.get(), m, P.input_size, gather, gather_split_floats);
                kernels::loss_sums sums;
                try {
                    sums = detail::with_kernels(
                        [&]<class K>(K) { return train_step<K>(targets.data(), m, epoch, step); });
                } catch (const refused_step& e) {
                    // terminate_on_nan ends the fit here instead (Keras's TerminateOnNaN).
                    for (auto& c : callbacks) c.on_invalid_loss(epoch, step, e.loss, ctl);
                    if (!ctl.stopped) throw;
                    break;
                }
                loss_sum += sums.loss;
                correct += sums.correct;
                seen += m;
                bar.step_end(step + 1, loss_sum / static_cast<double>(seen), binding::accuracy(correct, seen));
            }
            const double seen_d = static_cast<double>(seen);
            epoch_logs = logs{};
            epoch_logs.set("loss", seen != 0 ? loss_sum / seen_d : std::nan(""));
            const double accuracy = seen != 0 ? binding::accuracy(correct, seen) : std::nan("");
            if (has_accuracy) epoch_logs.set("accuracy", accuracy);
            h.loss.push_back(*epoch_logs["loss"]);
            if (has_accuracy) h.accuracy.push_back(accuracy);  // MSE: none, as Keras's history
            if (o.validation) {
                const evaluation v = evaluate_checked(o.validation->get(), 256);
                h.val_loss.push_back(v.loss);
                if (has_accuracy) h.val_accuracy.push_back(v.accuracy);
                epoch_logs.set("val_loss", v.loss);
                if (has_accuracy) epoch_logs.set("val_accuracy", v.accuracy);
            }
            h.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            ++epochs_done_;
            // The rate the epoch's last step used, as Keras's callbacks log it (before they change it).
            const double rate = detail::learning_rate_of(optimizer_, iterations_ > 0 ? iterations_ - 1 : 0);
            for (auto& c : callbacks) c.on_epoch_end(epoch, epoch_logs, ctl);
            h.learning_rate.push_back(epoch_logs["learning_rate"].value_or(rate));
            bar.epoch_end(epoch_logs);
        }
        for (auto& c : callbacks) c.on_train_end(epoch_logs, ctl);
        return h;
    }

    /// Loss (plus the regularization penalties, as Keras reports it) and accuracy in inference mode.
    evaluation evaluate(const dataset& data, std::size_t batch_size = 256) {
        detail::check_batch_size(batch_size, "ctnet::evaluate: ");
        check_data(data, "evaluate", "the data");
        return evaluate_checked(data, batch_size);
    }

    /// The loss of one batch in training mode (batch statistics, dropout of step 0) and its
    /// gradient with respect to every parameter, in the parameter arena's layout; the model,
    /// its moving statistics and the optimizer are left unchanged (a GradientTape, not a step).
    std::pair<double, std::vector<float>> loss_and_gradients(const dataset& batch) {
        check_data(batch, "loss_and_gradients", "the batch");
        if (!pool_) make_pool(0);
        return detail::with_kernels([&]<class K>(K) {
            detail::workspace ws;
            exec_of<K>::prepare(ws, batch.size());
            std::copy(batch.images.begin(), batch.images.end(), exec::input(ws));
            // A training forward leaves the state as it was (commit_moving_statistics is not called).
            detail::pass p{model_.parameters(), model_.state(), gradients_.data(), &ws, batch.size()};
            const auto sums = forward_loss<K>(p, binding::targets_of(batch), 0);
            exec_of<K>::backward(p);
            add_penalty_gradients<K>();
            return std::pair{sums.loss, std::vector<float>(gradients_.data(), gradients_.data() + P.param_floats)};
        });
    }

    /// Writes the whole training state to `file`, atomically: the model's weights and moving
    /// statistics, the optimizer's state, the steps and epochs done, the seed and the learning
    /// rate a callback set. A trainer that loads it (load_checkpoint) and fits on is bitwise the
    /// trainer that never stopped (docs/saving.md, "Training checkpoints").
    void save_checkpoint(const std::filesystem::path& file) const { detail::checkpoint_io<trainer>::save(*this, file); }
    /// Reads a file save_checkpoint wrote, for this network and optimizer, into this trainer and its
    /// model; on any mismatch it throws ctnet::file_error and changes nothing.
    void load_checkpoint(const std::filesystem::path& file) { detail::checkpoint_io<trainer>::load(*this, file); }

    /// Steps taken so far over every fit (Keras's `optimizer.iterations`); a refused step is not one.
    std::uint64_t iterations() const noexcept { return iterations_; }

    /// The optimizer's variable `slot` in the parameter arena's layout, as Keras's
    /// `optimizer.variables` holds them (each optimizer's slots and their Keras names are in
    /// docs/training.md; e.g. sgd's velocity, empty without momentum; adam's m, v and, with
    /// amsgrad, v_hat). Empty for a slot the optimizer does not keep.
    std::span<const float> optimizer_state(std::size_t slot = 0) const noexcept {
        if (slot >= optimizer::slots) return {};
        return {state_[slot].data(), state_[slot].size()};
    }

private:
    template <class>
    friend struct detail::checkpoint_io;

    // A step refused for a non-finite loss or batch statistics (nothing changed); fit offers it to
    // the callbacks' on_invalid_loss before it reaches the caller as a std::runtime_error.
    struct refused_step : std::runtime_error {
        refused_step(double l, const std::string& what) : std::runtime_error(what), loss(l) {}
        double loss;
    };

    // What fit's callbacks may do to this trainer (train/callback.hpp).
    struct control final : training_control {
        explicit control(trainer& t) : self(t) {}
        void stop_training() override { stopped = true; }
        float learning_rate() const override { return detail::learning_rate_of(self.optimizer_, self.iterations_); }
        void set_learning_rate(float lr) override {
            if (!std::isfinite(lr) || lr < 0.0f)
                throw std::invalid_argument("ctnet::fit: a callback set the learning rate to " + std::to_string(lr) +
                                            "; it must be finite and >= 0");
            self.optimizer_.learning_rate.set_constant(lr);
        }
        std::vector<float> get_weights() const override {
            std::vector<float> all(self.model_.parameters(), self.model_.parameters() + P.param_floats);
            all.insert(all.end(), self.model_.state(), self.model_.state() + P.state_floats);
            return all;
        }
        void set_weights(std::span<const float> all) override {
            if (all.size() != P.param_floats + P.state_floats)
                throw std::invalid_argument("ctnet::fit: set_weights got " + std::to_string(all.size()) +
                                            " floats; the model has " + std::to_string(P.param_floats + P.state_floats) +
                                            " (what get_weights returns)");
            std::copy_n(all.data(), P.param_floats, self.model_.parameters());
            std::copy_n(all.data() + P.param_floats, P.state_floats, self.model_.state());
        }
        std::size_t iterations() const override { return static_cast<std::size_t>(self.iterations_); }
        void save_weights(const std::filesystem::path& file) const override { self.model_.save_weights(file); }
        void save_checkpoint(const std::filesystem::path& file) const override { self.save_checkpoint(file); }

        trainer& self;
        bool stopped = false;
    };

    evaluation evaluate_checked(const dataset& data, std::size_t batch_size) {
        if (!pool_) make_pool(0);  // reuse fit's pool: no threads made per validation pass
        return detail::with_kernels([&]<class K>(K) { return evaluate_with<K>(data, batch_size); });
    }

    template <class K>
    evaluation evaluate_with(const dataset& data, std::size_t batch_size) {
        using exec = exec_of<K>;
        using binding = binding_of<K>;
        detail::workspace ws;
        exec::prepare(ws, batch_size);
        exec::fold_for_inference(ws, model_.parameters(), model_.state());
        double loss = 0.0;
        std::size_t correct = 0;
        for (std::size_t first = 0; first < data.size(); first += batch_size) {
            const std::size_t m = std::min(batch_size, data.size() - first);
            std::copy(data.sample(first), data.sample(first) + m * P.input_size, exec::input(ws));
            detail::pass p{ws.folded.data(), model_.state(), nullptr, &ws, m};
            p.folded = true;
            p.pool = pool_.get();
            exec::forward(p);
            const auto sums = binding::evaluate(p, binding::targets_of(data) + first * target_width);
            loss += sums.loss;
            correct += sums.correct;
        }
        const double n = static_cast<double>(data.size());
        return {loss / n + penalty<K>(), binding::accuracy(correct, data.size())};
    }

    // Forward in training mode and the fused loss, which leaves dL/d(last stage's output) for the
    // backward pass. Returns the batch loss (mean plus penalties, at the weights of this forward).
    template <class K>
    kernels::loss_sums forward_loss(detail::pass& p, const target_t* labels, std::uint64_t step) {
        using exec = exec_of<K>;
        using binding = binding_of<K>;
        p.training = true;
        p.fused_loss = binding::fused_loss;
        p.seed = model_.seed_value();
        p.step = static_cast<std::uint32_t>(step);
        p.pool = pool_.get();
        exec::forward(p);
        auto sums = binding::train(p, labels);
        sums.loss = sums.loss / static_cast<double>(p.m) + penalty<K>();
        return sums;
    }

    // One optimizer step. The update runs inside the backward pass: each parameter range is updated
    // (its penalty gradient added first, then clipvalue, weight decay and the optimizer's rule:
    // update_step) as soon as its gradient is final, on the thread that computed it
    // (executor::backward). The values are those of a separate pass over the arenas. clipnorm and
    // global_clipnorm need every gradient first: then the ranges are collected in the gradient
    // arena and updated in one pass after the backward pass (docs/training.md, "Gradient clipping").
    template <class K>
    kernels::loss_sums train_step(const target_t* labels, std::size_t m, std::size_t epoch, std::size_t step) {
        using exec = exec_of<K>;
        using update_step = typename K::template update_step<Optimizer>;
        using regularizer_math = typename K::regularizer_math;
        detail::pass p{model_.parameters(), model_.state(), gradients_.data(), &ws_, m};
        auto sums = forward_loss<K>(p, labels, iterations_);
        // The forward changed nothing but the workspace: a refused step leaves the model as it was.
        const std::size_t bad_statistics = exec::first_non_finite_statistics(p);
        if (!std::isfinite(sums.loss) || bad_statistics != P.stage_count)
            throw refused_step(
                sums.loss,
                "ctnet::fit: " +
                (bad_statistics != P.stage_count
                     ? "the batch statistics of layer " + std::to_string(batch_norm_layer(bad_statistics)) +
                           " (batch_norm, counted from the input layer as 0) are not finite"
                     : "the loss became " + std::to_string(sums.loss)) +
                " at epoch " + std::to_string(epoch + 1) + ", step " + std::to_string(step + 1) +
                "; the step was refused and every weight, optimizer and moving-statistics value is as before it "
                "(lower the learning rate, or scale the inputs?)");
        const update_step update(optimizer_, iterations_);
        if (!std::isfinite(update.learning_rate()) || update.learning_rate() < 0.0f)
            throw std::runtime_error("ctnet::fit: the learning rate (" + optimizer_.learning_rate.name() + ") is " +
                                     std::to_string(update.learning_rate()) + " at epoch " + std::to_string(epoch + 1) +
                                     ", step " + std::to_string(step + 1) + " (iteration " + std::to_string(iterations_) +
                                     "); it must be finite and >= 0. The step was refused and nothing changed");
        exec::commit_moving_statistics(p);
        float* w = model_.parameters();
        float* g = gradients_.data();
        const bool whole = update_step::needs_whole_gradient(optimizer_);
        exec::backward(p, [&](const stage& s, const detail::gradient_range& r) {
            if (r.is_kernel && s.regularizer.any())
                for (std::size_t i = 0; i < r.rows; ++i)
                    regularizer_math::add_l1_l2_gradient(w + r.at + i * r.stride, r.grad + i * r.stride, r.count,
                                                         s.regularizer.l1, s.regularizer.l2);
            if (!whole) update.block(w + r.at, r.grad, state_at(r.at), r.rows, r.count, r.stride, r.ahead);
            else if (r.grad != g + r.at)  // a kernel tile in the GEMM's buffer: keep it for the whole-gradient pass
                for (std::size_t i = 0; i < r.rows; ++i)
                    std::copy_n(r.grad + i * r.stride, r.count, g + r.at + i * r.stride);
        });
        if (whole) update.template whole<P>(w, g, [&](std::size_t at) { return state_at(at); });
        apply_constraints<K>();
        ++iterations_;
        sums.loss *= static_cast<double>(m);  // per-sample sum, penalty included
        return sums;
    }

    // The optimizer's state arenas at parameter `at` (null where it keeps none).
    std::array<float*, optimizer::slots> state_at(std::size_t at) noexcept {
        std::array<float*, optimizer::slots> state{};
        for (std::size_t i = 0; i < optimizer::slots; ++i)
            state[i] = state_[i].size() != 0 ? state_[i].data() + at : nullptr;
        return state;
    }

    template <class K>
    void add_penalty_gradients() {
        for (std::size_t i = 0; i < P.stage_count; ++i) {
            const stage& s = P.stages[i];
            if (s.regularizer.any() && s.train_kernel)
                K::regularizer_math::add_l1_l2_gradient(model_.parameters() + s.kernel, gradients_.data() + s.kernel,
                                                        s.inputs * s.units, s.regularizer.l1, s.regularizer.l2);
        }
    }

    // The penalties of the kernels that train: Keras adds a regularizer's loss for trainable weights only.
    template <class K>
    double penalty() const {
        double total = 0.0;
        for (std::size_t i = 0; i < P.stage_count; ++i) {
            const stage& s = P.stages[i];
            if (s.regularizer.any() && s.train_kernel)
                total += K::regularizer_math::l1_l2_penalty(model_.parameters() + s.kernel, s.inputs * s.units,
                                                            s.regularizer.l1, s.regularizer.l2);
        }
        return total;
    }

    template <class K>
    void apply_constraints() {
        [&]<std::size_t... I>(std::index_sequence<I...>) { (constrain<K, I>(), ...); }(
            std::make_index_sequence<P.stage_count>{});
    }

    template <class K, std::size_t I>
    void constrain() {
        constexpr stage s = P.stages[I];
        if constexpr (s.max_norm > 0.0f && s.train_kernel)
            K::regularizer_math::template max_norm<s.inputs, s.units>(model_.parameters() + s.kernel, s.max_norm);
    }

    void shuffle(std::vector<std::uint32_t>& order, std::size_t epoch) const {
        const std::uint32_t stream = kernels::philox::stream_of(0xFFFFFu, kernels::philox::other);
        for (std::size_t i = order.size(); i > 1; --i) {
            const std::uint32_t bits = kernels::philox::bits(model_.seed_value(), stream,
                                                             static_cast<std::uint32_t>(epoch),
                                                             static_cast<std::uint32_t>(i), 0);
            const std::size_t j = static_cast<std::size_t>((static_cast<std::uint64_t>(bits) * i) >> 32);
            std::swap(order[i - 1], order[j]);
        }
    }

    void check_data(const dataset& d, const char* where, const char* what) const {
        detail::check_samples(d, P.input_size, std::string("ctnet::") + where + ": ", what);
        binding::check_targets(d, where);
    }

    // The declared layer of stage i's batch norm.
    static constexpr std::size_t batch_norm_layer(std::size_t i) {
        return P.origins[i].bn_layer != no_offset ? P.origins[i].bn_layer : P.origins[i].first_layer;
    }

    static const Optimizer& checked(const Optimizer& o) {
        detail::check_optimizer(o);
        return o;
    }

    // threads == 0 takes every hardware thread: since each thread updates the kernel columns it
    // computed (the update runs in the weight-gradient GEMM's epilogue), they stay in its core's cache
    // and a second thread pays from batch 32 on (docs/performance.md). Work too small to split (a
    // small batch) stays on the calling thread anyway. The result is bitwise the same for any count.
    void make_pool(std::size_t threads) {
        const std::size_t want = threads == 0 ? kernels::thread_pool::default_size() : threads;
        if (!pool_ || pool_->size() != want) pool_ = std::make_unique<kernels::thread_pool>(want);
    }

    // Asks for every cache line of sample i (one random row of the set: only its start is a miss the
    // hardware prefetchers cannot foresee).
    static void prefetch_sample(const dataset& d, std::size_t i) noexcept {
        const char* row = reinterpret_cast<const char*>(d.sample(i));
        for (std::size_t b = 0; b < P.input_size * sizeof(float); b += 64) __builtin_prefetch(row + b);
    }

    // Below this many floats a batch is gathered by the calling thread alone.
    static constexpr std::size_t gather_split_floats = 16384;

    Model& model_;
    Loss loss_;
    Optimizer optimizer_;
    detail::arena gradients_;
    std::array<detail::arena, optimizer::slots> state_{};  // empty where the optimizer keeps none
    detail::workspace ws_;
    std::unique_ptr<kernels::thread_pool> pool_;
    std::uint64_t iterations_ = 0;
    std::size_t epochs_done_ = 0;  // keys each epoch's shuffle, across calls of fit
};

} // namespace ctnet
