// callback: what fit calls at the start and end of training and of each epoch (Keras's Callback),
// the logs it passes, and what a callback may do to the training.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace ctnet {

/// An epoch's logs as Keras passes them to `on_epoch_end`: name -> value, in the order fit wrote
/// them (`loss`, `accuracy`, `val_loss`, `val_accuracy`, then what callbacks add, such as
/// `learning_rate`). A loss without an accuracy (mean squared error) has no `accuracy` entry.
class logs {
public:
    /// The value named `name`, or nothing when these logs hold none.
    std::optional<double> operator[](std::string_view name) const {
        for (const auto& [n, v] : entries_)
            if (n == name) return v;
        return std::nullopt;
    }
    /// Sets `name` to v, adding it at the end when absent.
    void set(std::string_view name, double v) {
        for (auto& [n, old] : entries_)
            if (n == name) {
                old = v;
                return;
            }
        entries_.emplace_back(std::string(name), v);
    }
    const std::vector<std::pair<std::string, double>>& entries() const noexcept { return entries_; }
    bool empty() const noexcept { return entries_.empty(); }

private:
    std::vector<std::pair<std::string, double>> entries_;
};

/// What a callback may do to the training it is called from (the trainer implements it). Calls
/// come once per epoch, not per step: the virtual calls cost nothing measurable.
class training_control {
public:
    /// Ends fit after the current epoch (Keras's `model.stop_training = True`).
    virtual void stop_training() = 0;
    /// The learning rate the next step will use (a schedule's value at the current iteration).
    virtual float learning_rate() const = 0;
    /// Sets the learning rate from the next step on; std::logic_error when the optimizer's
    /// learning rate is a schedule (Keras raises TypeError there too).
    virtual void set_learning_rate(float) = 0;
    /// Every value of the model that fit changes, in one vector: the weights and the moving
    /// statistics (Keras's `model.get_weights()`).
    virtual std::vector<float> get_weights() const = 0;
    /// Puts back what get_weights returned.
    virtual void set_weights(std::span<const float>) = 0;
    /// Steps taken so far over every fit (Keras's `optimizer.iterations`).
    virtual std::size_t iterations() const = 0;
    /// Writes the model's weights to `file` (model.save_weights: safetensors, atomic).
    virtual void save_weights(const std::filesystem::path& file) const = 0;
    /// Writes the whole training state to `file` (trainer.save_checkpoint).
    virtual void save_checkpoint(const std::filesystem::path& file) const = 0;

protected:
    ~training_control() = default;
};

namespace detail {

template <class C> concept has_on_train_begin = requires(C& c, training_control& t, const logs& l) { c.on_train_begin(l, t); };
template <class C> concept has_on_train_end = requires(C& c, training_control& t, const logs& l) { c.on_train_end(l, t); };
template <class C> concept has_on_epoch_begin = requires(C& c, training_control& t, std::size_t e) { c.on_epoch_begin(e, t); };
template <class C> concept has_on_epoch_end =
    requires(C& c, training_control& t, std::size_t e, logs& l) { c.on_epoch_end(e, l, t); };
template <class C> concept has_on_invalid_loss =
    requires(C& c, training_control& t, std::size_t e, std::size_t s, double v) { c.on_invalid_loss(e, s, v, t); };

} // namespace detail

/// A callback is any type with at least one of these members (Keras's hooks; epochs count from 0):
///   on_train_begin(const logs&, training_control&)       before the first epoch (logs empty)
///   on_epoch_begin(std::size_t epoch, training_control&)
///   on_epoch_end(std::size_t epoch, logs&, training_control&)   after validation; may add to logs
///   on_train_end(const logs&, training_control&)         the last epoch's logs
///   on_invalid_loss(std::size_t epoch, std::size_t step, double loss, training_control&)
///       a step whose loss or batch statistics are not finite was refused (nothing changed); if a
///       callback calls stop_training() here, fit ends after this epoch's end callbacks instead of
///       throwing (terminate_on_nan does)
/// Nothing is called per step, so a callback costs no time inside an epoch.
template <class C>
concept callback = detail::has_on_train_begin<C> || detail::has_on_train_end<C> || detail::has_on_epoch_begin<C> ||
                   detail::has_on_epoch_end<C> || detail::has_on_invalid_loss<C>;

/// One callback of any type, as fit_options::callbacks holds it: `{cn::early_stopping{...},
/// cn::csv_logger{"history.csv"}}`. A callback given by value is copied and its state lives in
/// the copy; given as `std::ref(c)`, fit calls c itself, so its state (early_stopping's
/// stopped_epoch, say) can be read after fit.
class any_callback {
public:
    template <callback C>
    any_callback(C c) : self_(std::make_shared<model<C>>(std::move(c))) {}  // NOLINT: implicit, as a list element
    template <callback C>
    any_callback(std::reference_wrapper<C> c) : self_(std::make_shared<model<C&>>(c.get())) {}  // NOLINT

    void on_train_begin(const logs& l, training_control& t) { self_->on_train_begin(l, t); }
    void on_epoch_begin(std::size_t e, training_control& t) { self_->on_epoch_begin(e, t); }
    void on_epoch_end(std::size_t e, logs& l, training_control& t) { self_->on_epoch_end(e, l, t); }
    void on_train_end(const logs& l, training_control& t) { self_->on_train_end(l, t); }
    void on_invalid_loss(std::size_t e, std::size_t s, double v, training_control& t) {
        self_->on_invalid_loss(e, s, v, t);
    }

private:
    struct concept_t {
        virtual ~concept_t() = default;
        virtual void on_train_begin(const logs&, training_control&) = 0;
        virtual void on_epoch_begin(std::size_t, training_control&) = 0;
        virtual void on_epoch_end(std::size_t, logs&, training_control&) = 0;
        virtual void on_train_end(const logs&, training_control&) = 0;
        virtual void on_invalid_loss(std::size_t, std::size_t, double, training_control&) = 0;
    };
    template <class C>
    struct model final : concept_t {
        using plain = std::remove_reference_t<C>;
        explicit model(C c) : c_(std::forward<C>(c)) {}
        void on_train_begin(const logs& l, training_control& t) override {
            if constexpr (detail::has_on_train_begin<plain>) c_.on_train_begin(l, t);
        }
        void on_epoch_begin(std::size_t e, training_control& t) override {
            if constexpr (detail::has_on_epoch_begin<plain>) c_.on_epoch_begin(e, t);
        }
        void on_epoch_end(std::size_t e, logs& l, training_control& t) override {
            if constexpr (detail::has_on_epoch_end<plain>) c_.on_epoch_end(e, l, t);
        }
        void on_train_end(const logs& l, training_control& t) override {
            if constexpr (detail::has_on_train_end<plain>) c_.on_train_end(l, t);
        }
        void on_invalid_loss(std::size_t e, std::size_t s, double v, training_control& t) override {
            if constexpr (detail::has_on_invalid_loss<plain>) c_.on_invalid_loss(e, s, v, t);
        }
        C c_;
    };
    std::shared_ptr<concept_t> self_;
};

} // namespace ctnet
