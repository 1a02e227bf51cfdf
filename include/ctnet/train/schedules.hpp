// schedules: Keras 3's learning-rate schedules and the book's 1cycle, as descriptors a
// ctnet::schedule (an optimizer's learning_rate) can hold.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ctnet {

// Every schedule here is an aggregate with Keras's field names and defaults (write them with
// designated initializers), `float operator()(std::uint64_t step) const` and `void check() const`.
// `step` is the optimizer's iteration count before the step is taken, 0 for the first step: Keras
// calls `schedule(optimizer.iterations)` (evaluating at the 1-based step is a mistake the
// reference vectors catch). The Keras schedules are evaluated as Keras 3 does, operation by
// operation in float32 (`0.01` is 0.00999999978), so they agree with the committed Keras values
// (tests/reference/schedules.json) to a few ulp. Step counts (decay_steps, boundaries, ...) are
// integers here; Keras also accepts fractional ones. check() throws std::invalid_argument,
// `ctnet::<schedule>: <field> is <value>; it must be <rule>`, where Keras raises ValueError and
// also for values that would make the rate negative, infinite or NaN (Keras does not check those).

namespace detail {

[[noreturn]] inline void schedule_fail(const char* schedule, const char* field, const std::string& value,
                                       const char* rule) {
    throw std::invalid_argument(std::string("ctnet::") + schedule + ": " + field + " is " + value + "; it must be " +
                                rule);
}

inline void schedule_rate_check(const char* schedule, const char* field, float v) {
    if (!std::isfinite(v) || v < 0.0f) schedule_fail(schedule, field, std::to_string(v), "finite and >= 0");
}

inline void schedule_steps_check(const char* schedule, const char* field, std::uint64_t v) {
    if (v == 0) schedule_fail(schedule, field, "0", "> 0");
}

// Keras casts the step (an int32) to float32 before any arithmetic.
inline float step_as_float(std::uint64_t step) noexcept { return static_cast<float>(step); }

// Keras's `ops.array(math.pi, dtype="float32")`.
inline constexpr float pi_f = static_cast<float>(std::numbers::pi);

// Keras's cosine factor `(1 - alpha) * 0.5 * m * (1 + cos(pi * fraction)) + alpha`, float32;
// `one_minus_alpha` is passed in because CosineDecay computes it in double (a Python float) and
// CosineDecayRestarts in float32.
inline float cosine_factor(float fraction, float one_minus_alpha, float alpha, float m_fac) noexcept {
    const float cosine = 0.5f * m_fac * (1.0f + std::cos(pi_f * fraction));
    return one_minus_alpha * cosine + alpha;
}

} // namespace detail

/// Keras's InverseTimeDecay, the chapter's *power scheduling* with c = 1:
/// `lr(step) = initial_learning_rate / (1 + decay_rate * p)`, `p = step / decay_steps`,
/// `p = floor(p)` when `staircase`. The book's `InverseTimeDecay(0.01, 10_000, 1.0)` halves the
/// rate after 10,000 steps, thirds it after 20,000.
/// check(): decay_steps > 0 (Keras's ValueError), initial_learning_rate and decay_rate finite, >= 0.
struct inverse_time_decay {
    static constexpr const char* name = "inverse_time_decay";
    float initial_learning_rate = 0.0f;
    std::uint64_t decay_steps = 0;
    float decay_rate = 0.0f;
    bool staircase = false;

    float operator()(std::uint64_t step) const {
        float p = detail::step_as_float(step) / static_cast<float>(decay_steps);
        if (staircase) p = std::floor(p);
        return initial_learning_rate / (1.0f + decay_rate * p);
    }
    void check() const {
        detail::schedule_rate_check(name, "initial_learning_rate", initial_learning_rate);
        detail::schedule_steps_check(name, "decay_steps", decay_steps);
        detail::schedule_rate_check(name, "decay_rate", decay_rate);
    }
};

/// Keras's ExponentialDecay, the chapter's *exponential scheduling*:
/// `lr(step) = initial_learning_rate * decay_rate ^ p`, `p = step / decay_steps`, `p = floor(p)`
/// when `staircase`. The book's `ExponentialDecay(0.01, 20_000, 0.1)` divides the rate by 10
/// every 20,000 steps.
/// check(): decay_steps > 0 (Keras's ValueError), initial_learning_rate and decay_rate finite, >= 0.
struct exponential_decay {
    static constexpr const char* name = "exponential_decay";
    float initial_learning_rate = 0.0f;
    std::uint64_t decay_steps = 0;
    float decay_rate = 0.0f;
    bool staircase = false;

    float operator()(std::uint64_t step) const {
        float p = detail::step_as_float(step) / static_cast<float>(decay_steps);
        if (staircase) p = std::floor(p);
        return initial_learning_rate * std::pow(decay_rate, p);
    }
    void check() const {
        detail::schedule_rate_check(name, "initial_learning_rate", initial_learning_rate);
        detail::schedule_steps_check(name, "decay_steps", decay_steps);
        detail::schedule_rate_check(name, "decay_rate", decay_rate);
    }
};

/// Keras's PiecewiseConstantDecay, the chapter's *piecewise constant scheduling*:
/// `values[0]` while `step <= boundaries[0]`, `values[i]` while
/// `boundaries[i-1] < step <= boundaries[i]`, `values.back()` once `step > boundaries.back()`
/// (a boundary step belongs to the interval on its left: with boundaries {5, 1000} and values
/// {0.1, 0.01, 0.001}, step 5 uses 0.1 and step 1000 uses 0.01). No boundaries: values[0] always
/// (Keras fails at the first call there).
/// check(): values.size() == boundaries.size() + 1 (Keras's ValueError), boundaries strictly
/// increasing (Keras does not check; equal boundaries make Keras add two values), every value
/// finite and >= 0.
struct piecewise_constant_decay {
    static constexpr const char* name = "piecewise_constant_decay";
    std::vector<std::uint64_t> boundaries;
    std::vector<float> values;

    float operator()(std::uint64_t step) const {
        // The first boundary >= step is the end of step's interval.
        const auto it = std::lower_bound(boundaries.begin(), boundaries.end(), step);
        return values[static_cast<std::size_t>(it - boundaries.begin())];
    }
    void check() const {
        if (values.size() != boundaries.size() + 1)
            throw std::invalid_argument(std::string("ctnet::") + name + ": values has " + std::to_string(values.size()) +
                                        " entries and boundaries " + std::to_string(boundaries.size()) +
                                        "; values must have one more entry than boundaries (as Keras requires)");
        for (std::size_t i = 1; i < boundaries.size(); ++i)
            if (boundaries[i] <= boundaries[i - 1])
                throw std::invalid_argument(std::string("ctnet::") + name + ": boundaries[" + std::to_string(i) +
                                            "] is " + std::to_string(boundaries[i]) + " after " +
                                            std::to_string(boundaries[i - 1]) +
                                            "; boundaries must be strictly increasing");
        for (std::size_t i = 0; i < values.size(); ++i)
            if (!std::isfinite(values[i]) || values[i] < 0.0f)
                detail::schedule_fail(name, ("values[" + std::to_string(i) + "]").c_str(), std::to_string(values[i]),
                                      "finite and >= 0");
    }
};

/// Keras's CosineDecay (Loshchilov and Hutter's SGDR without restarts), with Keras's linear warmup.
/// Without warmup_target: `s = min(step, decay_steps)`,
/// `lr = initial_learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)`,
/// so after decay_steps the rate stays at `alpha * initial_learning_rate` (alpha is a fraction of
/// the initial rate, not an absolute floor).
/// With warmup_target (unset: std::nullopt, Keras's None): `s = min(step, warmup_steps + decay_steps)`;
/// while `s < warmup_steps` the rate rises linearly,
/// `lr = (warmup_target - initial_learning_rate) * s / warmup_steps + initial_learning_rate`; then
/// the cosine above starts from warmup_target on `s - warmup_steps`, so it ends at step
/// warmup_steps + decay_steps at `alpha * warmup_target`.
/// check(): decay_steps > 0 (Keras's ValueError), initial_learning_rate and warmup_target finite
/// and >= 0, alpha finite and in [0, 1].
struct cosine_decay {
    static constexpr const char* name = "cosine_decay";
    float initial_learning_rate = 0.0f;
    std::uint64_t decay_steps = 0;
    float alpha = 0.0f;
    std::optional<float> warmup_target = std::nullopt;
    std::uint64_t warmup_steps = 0;

    float operator()(std::uint64_t step) const {
        const float ds = static_cast<float>(decay_steps);
        const float s = detail::step_as_float(step);
        // Keras computes `1 - self.alpha` on the Python float, then multiplies in float32.
        const float one_minus_alpha = static_cast<float>(1.0 - static_cast<double>(alpha));
        if (!warmup_target) {
            const float t = std::min(s, ds);
            return initial_learning_rate * detail::cosine_factor(t / ds, one_minus_alpha, alpha, 1.0f);
        }
        const float target = *warmup_target;
        const float ws = static_cast<float>(warmup_steps);
        const float t = std::min(s, ds + ws);
        if (t < ws) return (target - initial_learning_rate) * (t / ws) + initial_learning_rate;
        return target * detail::cosine_factor((t - ws) / ds, one_minus_alpha, alpha, 1.0f);
    }
    void check() const {
        detail::schedule_rate_check(name, "initial_learning_rate", initial_learning_rate);
        detail::schedule_steps_check(name, "decay_steps", decay_steps);
        if (!(alpha >= 0.0f && alpha <= 1.0f)) detail::schedule_fail(name, "alpha", std::to_string(alpha), "in [0, 1]");
        if (warmup_target) detail::schedule_rate_check(name, "warmup_target", *warmup_target);
    }
};

/// Keras's CosineDecayRestarts (SGDR, Loshchilov and Hutter 2017). Period i (from 0) lasts
/// `first_decay_steps * t_mul^i` steps; within it, with f the fraction of the period done,
/// `lr = initial_learning_rate * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi * f)) + alpha)`
/// (alpha is not scaled by m_mul, as in Keras: restart 1's peak with m_mul 0.5 and alpha 0.01 is
/// 0.505 * initial_learning_rate). Everything is float32 as in Keras, the restart index too:
/// floor(log(1 - f (1 - t_mul)) / log(t_mul)), f = step / first_decay_steps. So, like Keras, it can
/// restart one step late or early at large step counts where the float32 logarithm rounds across
/// an integer (first_decay_steps 1, t_mul 2: step 8191 is still the end of period 12, rate 0, in
/// Keras 3.15 on JAX and here; the first such step with first_decay_steps 100 is 819,100). glibc's
/// logf agreed with Keras's (XLA's) index at every step below 2,000,000 for t_mul 2.
/// check(): first_decay_steps > 0 (Keras's ValueError), initial_learning_rate and m_mul finite and
/// >= 0, alpha in [0, 1], t_mul finite and >= 1 (Keras accepts t_mul < 1, where the periods
/// shrink and its formula gives NaN after a finite number of steps).
struct cosine_decay_restarts {
    static constexpr const char* name = "cosine_decay_restarts";
    float initial_learning_rate = 0.0f;
    std::uint64_t first_decay_steps = 0;
    float t_mul = 2.0f;
    float m_mul = 1.0f;
    float alpha = 0.0f;

    /// The 0-based restart (period) that `step` falls in, as Keras computes it in float32:
    /// floor(f) when t_mul is 1, else floor(log(1 - f (1 - t_mul)) / log(t_mul)), f = step / first_decay_steps.
    std::uint64_t restart_index(std::uint64_t step) const {
        const float f = detail::step_as_float(step) / static_cast<float>(first_decay_steps);
        const float i = t_mul == 1.0f ? std::floor(f) : std::floor(std::log(1.0f - f * (1.0f - t_mul)) / std::log(t_mul));
        return i > 0.0f ? static_cast<std::uint64_t>(i) : 0;
    }

    float operator()(std::uint64_t step) const {
        const float first = static_cast<float>(first_decay_steps);
        const float f = detail::step_as_float(step) / first;
        const auto i = restart_index(step);
        const float fi = static_cast<float>(i);
        float fraction;
        if (t_mul == 1.0f) {
            fraction = f - fi;
        } else {
            const float t_pow = std::pow(t_mul, fi);
            const float sum_r = (1.0f - t_pow) / (1.0f - t_mul);
            fraction = (f - sum_r) / t_pow;
        }
        const float m_fac = std::pow(m_mul, fi);
        return initial_learning_rate * detail::cosine_factor(fraction, 1.0f - alpha, alpha, m_fac);
    }
    void check() const {
        detail::schedule_rate_check(name, "initial_learning_rate", initial_learning_rate);
        detail::schedule_steps_check(name, "first_decay_steps", first_decay_steps);
        if (!std::isfinite(t_mul) || t_mul < 1.0f) detail::schedule_fail(name, "t_mul", std::to_string(t_mul), "finite and >= 1");
        detail::schedule_rate_check(name, "m_mul", m_mul);
        if (!(alpha >= 0.0f && alpha <= 1.0f)) detail::schedule_fail(name, "alpha", std::to_string(alpha), "in [0, 1]");
    }
};

/// The 1cycle schedule as the book writes it (Géron, *Hands-On Machine Learning with
/// Scikit-Learn, Keras and TensorFlow*, ch. 11, "Learning Rate Scheduling", its
/// `OneCycleScheduler` callback; after Leslie Smith, "A disciplined approach to neural network
/// hyper-parameters", 2018). Keras has no 1cycle, so there is no Keras oracle for it.
/// With `half = (total_steps - last_steps) / 2` (integer division):
/// - steps [0, half): linear from start_learning_rate up to max_learning_rate;
/// - steps [half, 2 half): linear from max_learning_rate back down to start_learning_rate;
/// - steps [2 half, total_steps]: linear from start_learning_rate to last_learning_rate;
/// - after total_steps: last_learning_rate (the book's callback would keep extrapolating, below 0).
/// Each piece is the book's `(lr2 - lr1) * (step - step1) / (step2 - step1) + lr1`, in double,
/// rounded to float (the book sets a float32 variable from a Python float).
/// Defaults as the book's `start_lr or max_lr / 10` etc., unset being std::nullopt:
/// start_learning_rate = max_learning_rate / 10, last_steps = total_steps / 10 + 1,
/// last_learning_rate = start_learning_rate / 1000; max_learning_rate 1e-3 (the book's max_lr).
/// momentum(step) moves the other way, as Smith recommends and the book describes: linear from
/// max_momentum down to min_momentum over [0, half), back up to max_momentum over [half, 2 half),
/// max_momentum from 2 half on (the book's code leaves momentum alone; ctnet::schedule::momentum
/// exposes this so an optimizer with momentum can follow it).
/// check(): total_steps > 0, last_steps <= total_steps, the rates finite and >= 0, the momenta in
/// [0, 1] with min_momentum <= max_momentum.
struct one_cycle {
    static constexpr const char* name = "one_cycle";
    std::uint64_t total_steps = 0;
    float max_learning_rate = 1e-3f;
    std::optional<float> start_learning_rate = std::nullopt;
    std::optional<std::uint64_t> last_steps = std::nullopt;
    std::optional<float> last_learning_rate = std::nullopt;
    float max_momentum = 0.95f;
    float min_momentum = 0.85f;

    double start_rate() const noexcept {
        return start_learning_rate ? static_cast<double>(*start_learning_rate)
                                   : static_cast<double>(max_learning_rate) / 10.0;
    }
    double last_rate() const noexcept {
        return last_learning_rate ? static_cast<double>(*last_learning_rate) : start_rate() / 1000.0;
    }
    std::uint64_t final_phase_steps() const noexcept { return last_steps ? *last_steps : total_steps / 10 + 1; }
    /// The book's half_iteration: the length of the rise (and of the fall).
    std::uint64_t half_steps() const noexcept {
        const auto last = final_phase_steps();
        return last >= total_steps ? 0 : (total_steps - last) / 2;
    }

    float operator()(std::uint64_t step) const {
        const auto half = half_steps();
        const double start = start_rate(), top = static_cast<double>(max_learning_rate);
        if (step >= total_steps) return static_cast<float>(last_rate());
        if (step < half) return interpolate(step, 0, half, start, top);
        if (step < 2 * half) return interpolate(step, half, 2 * half, top, start);
        return interpolate(step, 2 * half, total_steps, start, last_rate());
    }

    float momentum(std::uint64_t step) const {
        const auto half = half_steps();
        const double hi = static_cast<double>(max_momentum), lo = static_cast<double>(min_momentum);
        if (step < half) return interpolate(step, 0, half, hi, lo);
        if (step < 2 * half) return interpolate(step, half, 2 * half, lo, hi);
        return max_momentum;
    }

    void check() const {
        detail::schedule_steps_check(name, "total_steps", total_steps);
        detail::schedule_rate_check(name, "max_learning_rate", max_learning_rate);
        if (start_learning_rate) detail::schedule_rate_check(name, "start_learning_rate", *start_learning_rate);
        if (last_learning_rate) detail::schedule_rate_check(name, "last_learning_rate", *last_learning_rate);
        if (last_steps && *last_steps > total_steps)
            detail::schedule_fail(name, "last_steps", std::to_string(*last_steps),
                                  ("<= total_steps (" + std::to_string(total_steps) + ")").c_str());
        const auto in_unit = [](float m) { return m >= 0.0f && m <= 1.0f; };
        if (!in_unit(max_momentum)) detail::schedule_fail(name, "max_momentum", std::to_string(max_momentum), "in [0, 1]");
        if (!in_unit(min_momentum)) detail::schedule_fail(name, "min_momentum", std::to_string(min_momentum), "in [0, 1]");
        if (min_momentum > max_momentum)
            detail::schedule_fail(name, "min_momentum", std::to_string(min_momentum),
                                  ("<= max_momentum (" + std::to_string(max_momentum) + ")").c_str());
    }

private:
    static float interpolate(std::uint64_t step, std::uint64_t step1, std::uint64_t step2, double v1, double v2) {
        return static_cast<float>((v2 - v1) * static_cast<double>(step - step1) / static_cast<double>(step2 - step1) +
                                  v1);
    }
};

} // namespace ctnet
