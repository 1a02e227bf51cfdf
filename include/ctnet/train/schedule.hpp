// schedule: an optimizer's learning rate, a constant or a schedule of the step (Keras's
// `learning_rate=` accepts a float or a LearningRateSchedule).
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <ctnet/train/detail/hyperparameter_check.hpp>
#include <ctnet/train/schedules.hpp>

namespace ctnet {

class schedule;

/// Anything that gives a learning rate for a step: invocable as `float(std::uint64_t)` on a const
/// object and copyable (an optimizer is copied into the trainer). The built-in schedules of
/// schedules.hpp are models, and so is a lambda `[](std::uint64_t step) { return 0.01f; }`.
/// ctnet::schedule itself is left out (it is copied, not wrapped; testing it first also keeps the
/// concept from recursing into schedule's own copy constructor).
template <class S>
concept learning_rate_schedule =
    !std::same_as<std::decay_t<S>, schedule> && std::copy_constructible<std::decay_t<S>> && std::invocable<const std::decay_t<S>&, std::uint64_t> &&
    std::convertible_to<std::invoke_result_t<const std::decay_t<S>&, std::uint64_t>, float> &&
    !std::convertible_to<std::decay_t<S>, float>;

/// The type of every optimizer's `learning_rate`: a constant float, a built-in schedule
/// (inverse_time_decay, exponential_decay, piecewise_constant_decay, cosine_decay,
/// cosine_decay_restarts, one_cycle) or a user's callable. Both
/// `cn::adam{.learning_rate = 0.01f}` and `cn::adam{.learning_rate = cn::exponential_decay{...}}`
/// work, as do `cn::schedule{[](std::uint64_t s) { return 0.01f / (1 + s / 1000.0f); }}`.
/// `operator()(iterations)` is the rate of the step taken after `iterations` steps (0 for the
/// first step, as Keras evaluates `schedule(optimizer.iterations)`). A constant can be changed
/// (`set_constant`, what ReduceLROnPlateau and LearningRateScheduler do); a schedule cannot
/// (std::logic_error, Keras's TypeError). A schedule value is a copy: holding a user's callable
/// by reference needs std::ref.
class schedule {
public:
    schedule(float constant) noexcept : held_(constant) {}  // NOLINT: implicit, as Keras's float

    template <learning_rate_schedule S>
    schedule(S s) : held_(make(std::move(s))) {}  // NOLINT: implicit, as Keras's schedule object

    /// The rate of the step taken after `iterations` steps.
    float operator()(std::uint64_t iterations) const {
        return std::visit(
            [&](const auto& h) -> float {
                if constexpr (std::is_same_v<std::decay_t<decltype(h)>, float>)
                    return h;
                else
                    return static_cast<float>(h(iterations));
            },
            held_);
    }

    bool is_constant() const noexcept { return std::holds_alternative<float>(held_); }

    /// Replace the constant rate (callbacks do this between epochs). A schedule's rate is a
    /// function of the step and cannot be set: std::logic_error, as Keras's TypeError.
    void set_constant(float rate) {
        if (!is_constant())
            throw std::logic_error("ctnet::schedule: the learning rate is a " + name() +
                                   " schedule, so it cannot be set (Keras: \"This optimizer was created with a "
                                   "`LearningRateSchedule` object as its `learning_rate` constructor argument, hence "
                                   "its learning rate is not settable\"); use a constant learning_rate to let a "
                                   "callback change it");
        held_ = rate;
    }

    /// one_cycle's momentum for the step taken after `iterations` steps; nothing for the others.
    std::optional<float> momentum(std::uint64_t iterations) const {
        if (const auto* c = std::get_if<one_cycle>(&held_)) return c->momentum(iterations);
        return std::nullopt;
    }

    /// What compile checks (std::invalid_argument naming the optimizer): a constant finite and >= 0
    /// (the message of detail::hyperparameter_check), a schedule's own check().
    void check(std::string_view optimizer) const {
        const std::string opt(optimizer);
        if (const float* c = std::get_if<float>(&held_)) {
            detail::hyperparameter_check{opt.c_str()}.learning_rate(*c);
            return;
        }
        try {
            std::visit(
                [](const auto& h) {
                    if constexpr (!std::is_same_v<std::decay_t<decltype(h)>, float>) h.check();
                },
                held_);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("ctnet::" + opt + ": learning_rate: " + e.what());
        }
    }

    /// "constant", "exponential_decay", ... or "user-defined", for messages.
    std::string name() const {
        return std::visit(
            [](const auto& h) -> std::string {
                using H = std::decay_t<decltype(h)>;
                if constexpr (std::is_same_v<H, float>)
                    return "constant";
                else
                    return H::name;
            },
            held_);
    }

private:
    // A user's callable, type-erased; its check() does nothing (the rate is the user's business).
    struct custom {
        static constexpr const char* name = "user-defined";
        std::function<float(std::uint64_t)> f;
        float operator()(std::uint64_t step) const { return f(step); }
        void check() const {}
    };

    using holder = std::variant<float, inverse_time_decay, exponential_decay, piecewise_constant_decay, cosine_decay,
                                cosine_decay_restarts, one_cycle, custom>;

    template <class S>
    static holder make(S s) {
        if constexpr (std::is_constructible_v<holder, std::in_place_type_t<S>, S> &&
                      !std::is_same_v<S, float> && !std::is_same_v<S, custom>)
            return holder(std::in_place_type<S>, std::move(s));
        else
            return holder(std::in_place_type<custom>,
                          custom{[f = std::move(s)](std::uint64_t step) { return static_cast<float>(f(step)); }});
    }

    holder held_;
};

} // namespace ctnet
