// progress_bar: the lines fit prints while it trains, Keras 3.15's Progbar and ProgbarLogger.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ctnet/train/callback.hpp>

namespace ctnet::detail {

/// What Keras 3.15 prints during fit (keras/src/utils/progbar.py and callbacks/progbar_logger.py,
/// checked against real runs of Keras 3.15 on JAX, stdout to a file and to a pty; docs/history.md
/// shows the lines):
/// - at each epoch's start, when epochs > 1 and verbose is not 0: `Epoch 3/10` and "\n";
/// - verbose 1: after a step, at most every 0.05 s (the first step always), the line
///   `\b`*(width of the previous line) `\r` `\x1b[1m 7/50\x1b[0m ` `\x1b[32m` `━`*int(20*7/50)
///   `\x1b[0m` (left out when empty) `\x1b[37m` `━`*(the rest) `\x1b[0m` ` \x1b[1m<eta>\x1b[0m`
///   ` <time per step>` ` - accuracy: 0.5938 - loss: 0.6282`, padded with spaces to the previous
///   line's width; the step count right-aligned to the digits of the steps. At the epoch's end
///   the same line once more for the last step, the ETA replaced by the seconds since the epoch
///   began (`2s`), the validation metrics added, and "\n". ETA: the time per step times the steps
///   left, as `12s`, `1:20` or `1:02:03` (truncated). Time per step: the mean over the steps after
///   the first (the first alone until the second; the whole epoch when there was no step line,
///   verbose 2), as `1s/step` (>= 1 s, or 0), `35ms/step` (>= 1 ms) or `695us/step`, rounded.
///   Metrics: `%.4f` when |v| > 1e-3, else `%.4e`; `nan`, `inf`.
/// - verbose 2: one line per epoch at its end, `50/50 - 3s - 35ms/step - accuracy: 0.5550 -
///   loss: 0.6749 - val_accuracy: 0.5225 - val_loss: 0.7026`, `%.4e` for v <= 1e-3 (Keras drops
///   the absolute value there).
/// - verbose 0: nothing.
/// - Metric order: Keras sorts the logs' keys (pythonify_logs): `accuracy` before `loss`, then the
///   `val_` keys sorted, then what callbacks added (`learning_rate`) in their order; epoch_end
///   orders ctnet's logs (fit's order: loss, accuracy, val_loss, ...) the same way.
/// Deliberate difference: Keras 3.15 treats every stdout on Linux as a terminal (its
/// `_dynamic_display` test includes `"posix" in sys.modules`, always true there), so a log file
/// gets the colour escapes, the backspaces and a line per 0.05 s. With `terminal` false, verbose 1
/// prints only the epoch's last line, without escapes: `Epoch 1/3`, then
/// `3/3 ━━━━━━━━━━━━━━━━━━━━ 2s 508ms/step - accuracy: ... - val_loss: 0.7134`. (Keras's async
/// dispatch of batch callbacks also lets two updates race, so a real Keras log sometimes lacks
/// the backspaces before a line; ctnet prints what the code intends.)
///
/// The trainer makes one per fit and calls, all on one thread:
///   progress_bar bar(o.verbose, stdout, isatty(fileno(stdout)));
///   bar.epoch_begin(epoch, o.epochs, steps);            // before the epoch's first step
///   bar.step_end(step + 1, mean_loss, mean_accuracy);   // after each step; NaN: no accuracy
///   bar.epoch_end(epoch_logs);                          // after validation and the callbacks'
///                                                       // on_epoch_end (Keras's ProgbarLogger
///                                                       // is the last callback)
/// step_end is inline, reads the clock once (not at all for verbose 0 and 2, and off a terminal
/// only at the first step), allocates nothing (the line is built in a buffer reserved by the
/// constructor) and prints at most every 0.05 s; epoch_end measures the elapsed time itself, from
/// epoch_begin, as Keras's Progbar does (so it includes validation). Clock is injectable for
/// tests: a type with a static now() returning a std::chrono::time_point.
template <class Clock = std::chrono::steady_clock>
class basic_progress_bar {
public:
    basic_progress_bar(int verbose, std::FILE* out, bool terminal) : verbose_(verbose), out_(out), terminal_(terminal) {
        line_.reserve(1024);
    }

    void epoch_begin(std::size_t epoch, std::size_t epochs, std::size_t steps) {
        if (verbose_ == 0) return;
        steps_ = steps;
        start_ = Clock::now();
        after_first_.reset();
        last_print_.reset();
        previous_width_ = 0;
        if (epochs > 1) {
            line_ = "Epoch ";
            line_ += std::to_string(epoch + 1);
            line_ += '/';
            line_ += std::to_string(epochs);
            line_ += '\n';
            write();
        }
    }

    /// After step `steps_done` (from 1) of the epoch; the running means so far (accuracy NaN when
    /// the loss has none).
    void step_end(std::size_t steps_done, double mean_loss, double mean_accuracy) {
        if (verbose_ != 1) return;
        if (!terminal_) {
            if (steps_done == 1) after_first_ = Clock::now();
            return;
        }
        const auto now = Clock::now();
        const double per_step = step_duration(steps_done, now);
        if (last_print_ && seconds(*last_print_, now) < interval) return;
        last_print_ = now;
        begin_line(steps_done);
        eta(per_step * static_cast<double>(steps_ > steps_done ? steps_ - steps_done : 0));
        time_per_step(per_step);
        if (!std::isnan(mean_accuracy)) metric("accuracy", mean_accuracy);
        metric("loss", mean_loss);
        end_line(false);
    }

    /// The epoch's logs as the callbacks left them (validation and callbacks' additions included).
    void epoch_end(const logs& epoch_logs) {
        if (verbose_ == 0) return;
        const auto now = Clock::now();
        const double per_step = step_duration(steps_, now);
        const double elapsed = seconds(start_, now);
        const auto ordered = keras_order(epoch_logs);
        if (verbose_ == 2) {
            if (steps_ == 0) return;  // Keras prints nothing without a known step count
            line_.clear();
            append_count(steps_);
            line_ += " - ";
            appendf("%.0fs", elapsed);
            line_ += " -";
            time_per_step(per_step);
            for (const auto& [name, v] : ordered) metric(name, v, false);
            line_ += '\n';
            write();
            return;
        }
        begin_line(steps_);
        line_ += terminal_ ? " \x1b[1m" : " ";
        appendf("%.0fs", elapsed);
        if (terminal_) line_ += "\x1b[0m";
        time_per_step(per_step);
        for (const auto& [name, v] : ordered) metric(name, v);
        end_line(true);
    }

    static constexpr double interval = 0.05;  ///< Keras's Progbar interval, in seconds
    static constexpr std::size_t width = 20;  ///< Keras's bar width, in characters

private:
    static double seconds(typename Clock::time_point a, typename Clock::time_point b) {
        return std::chrono::duration<double>(b - a).count();
    }

    // Keras's _estimate_step_duration.
    double step_duration(std::size_t current, typename Clock::time_point now) {
        if (current == 0) return 0.0;
        double t = 0.0;
        if (after_first_ && current > 1)
            t = seconds(*after_first_, now) / static_cast<double>(current - 1);
        else
            t = seconds(start_, now) / static_cast<double>(current);
        if (current == 1) after_first_ = now;
        return t;
    }

    template <class... A>
    void appendf(const char* format, A... a) {
        char buf[64];
        const int n = std::snprintf(buf, sizeof buf, format, a...);
        if (n > 0) line_.append(buf, static_cast<std::size_t>(n) < sizeof buf ? static_cast<std::size_t>(n) : sizeof buf - 1);
    }

    void append_count(std::size_t current) {
        int digits = 1;
        for (std::size_t t = steps_; t >= 10; t /= 10) ++digits;
        appendf("%*zu/%zu", digits, current, steps_);
    }

    // "\b..\r", the count and the bar (verbose 1).
    void begin_line(std::size_t current) {
        line_.clear();
        if (terminal_) {
            line_.append(previous_width_, '\b');
            line_ += '\r';
        }
        if (steps_ == 0) {
            appendf("%7zu/Unknown", current);
            return;
        }
        const std::string_view bold = terminal_ ? "\x1b[1m" : "", reset = terminal_ ? "\x1b[0m" : "";
        line_ += bold;
        append_count(current);
        line_ += reset;
        line_ += ' ';
        const auto done = static_cast<std::size_t>(static_cast<double>(width) *
                                                   (static_cast<double>(current) / static_cast<double>(steps_)));
        if (done > 0) {
            if (terminal_) line_ += "\x1b[32m";
            for (std::size_t i = 0; i < done; ++i) line_ += "\u2501";
            line_ += reset;
        }
        if (terminal_) line_ += "\x1b[37m";
        for (std::size_t i = done; i < width; ++i) line_ += "\u2501";
        line_ += reset;
    }

    void eta(double s) {
        line_ += " \x1b[1m";  // a step line is printed on a terminal only
        if (s > 3600)
            appendf("%lld:%02lld:%02lld", static_cast<long long>(std::floor(s / 3600)),
                    static_cast<long long>(std::floor(std::fmod(s, 3600) / 60)), static_cast<long long>(std::fmod(s, 60)));
        else if (s > 60)
            appendf("%lld:%02lld", static_cast<long long>(std::floor(s / 60)), static_cast<long long>(std::fmod(s, 60)));
        else
            appendf("%llds", static_cast<long long>(s));
        line_ += "\x1b[0m";
    }

    // Keras's _format_time, with its leading space.
    void time_per_step(double t) {
        if (t >= 1 || t == 0)
            appendf(" %.0fs/step", t);
        else if (t >= 1e-3)
            appendf(" %.0fms/step", t * 1000.0);
        else
            appendf(" %.0fus/step", t * 1000000.0);
    }

    // verbose 1 tests |v| > 1e-3, verbose 2 v > 1e-3 (Keras's two copies differ so).
    void metric(std::string_view name, double v, bool absolute = true) {
        line_ += " - ";
        line_ += name;
        line_ += ':';
        if (std::isnan(v))
            line_ += " nan";
        else if ((absolute ? std::abs(v) : v) > 1e-3)
            appendf(" %.4f", v);
        else
            appendf(" %.4e", v);
    }

    // Pads to the previous line's width (terminal), ends the epoch's line with "\n", prints.
    void end_line(bool last) {
        std::size_t w = 0;  // code points outside the escape sequences, after the "\r"
        bool in_escape = false;
        for (std::size_t i = line_.rfind('\r') == std::string::npos ? 0 : line_.rfind('\r') + 1; i < line_.size(); ++i) {
            const auto c = static_cast<unsigned char>(line_[i]);
            if (in_escape) {
                in_escape = c != 'm';
                continue;
            }
            if (c == 0x1b) {
                in_escape = true;
                continue;
            }
            if ((c & 0xC0) != 0x80) ++w;
        }
        if (terminal_ && previous_width_ > w) line_.append(previous_width_ - w, ' ');
        previous_width_ = w;
        if (last) line_ += '\n';
        write();
    }

    // Keras's order: accuracy and loss (sorted), the val_ keys sorted, then the rest as logged.
    static std::vector<std::pair<std::string_view, double>> keras_order(const logs& l) {
        std::vector<std::pair<std::string_view, double>> train, val, rest;
        for (const auto& [name, v] : l.entries()) {
            if (name == "accuracy" || name == "loss")
                train.emplace_back(name, v);
            else if (std::string_view(name).starts_with("val_"))
                val.emplace_back(name, v);
            else
                rest.emplace_back(name, v);
        }
        const auto by_name = [](const auto& a, const auto& b) { return a.first < b.first; };
        std::sort(train.begin(), train.end(), by_name);
        std::sort(val.begin(), val.end(), by_name);
        train.insert(train.end(), val.begin(), val.end());
        train.insert(train.end(), rest.begin(), rest.end());
        return train;
    }

    void write() {
        std::fwrite(line_.data(), 1, line_.size(), out_);
        std::fflush(out_);
    }

    int verbose_;
    std::FILE* out_;
    bool terminal_;
    std::size_t steps_ = 0;
    typename Clock::time_point start_{};
    std::optional<typename Clock::time_point> after_first_{}, last_print_{};
    std::size_t previous_width_ = 0;
    std::string line_;
};

/// The progress bar fit uses: steady_clock.
using progress_bar = basic_progress_bar<>;

} // namespace ctnet::detail
