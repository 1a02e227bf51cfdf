// monitor: what early_stopping and reduce_lr_on_plateau share (Keras 3's MonitorCallback): the
// direction a monitored value should go, the improvement test, and their messages.
#pragma once

#include <charconv>
#include <cmath>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <ctnet/train/callback.hpp>

namespace ctnet::detail {

/// A number as Python's repr prints it (shortest form that reads back the same), for the
/// messages that copy Keras's text.
inline std::string python_repr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, r.ptr);
    if (s.find_first_of(".en") == std::string::npos) s += ".0";  // Python's float repr keeps ".0"
    return s;
}

/// Keras's `_set_monitor_op`: "min" and "max" as given; "auto" minimises `loss`/`val_loss` and
/// maximises a compiled metric whose direction is "up", found by its exact name. The one metric
/// ctnet compiles is `accuracy` (Keras's `metrics=["accuracy"]`), so "auto" knows `loss`,
/// `accuracy`, `val_loss` and `val_accuracy` and nothing else (Keras 3 raises ValueError for
/// `val_acc` too; it does not guess from the name as Keras 2 did). Keras warns about an unknown
/// mode and falls back to "auto"; ctnet refuses it, since a misspelt "max" would silently become
/// "auto" and stop a run at the wrong time.
/// Returns true when larger is better.
inline bool monitor_maximizes(const char* who, const std::string& monitor, const std::string& mode) {
    if (mode == "min") return false;
    if (mode == "max") return true;
    if (mode != "auto")
        throw std::invalid_argument(std::string("ctnet::") + who + ": mode is \"" + mode +
                                    "\"; it must be \"auto\", \"min\" or \"max\" (Keras warns and falls back to \"auto\")");
    const std::string_view name =
        std::string_view(monitor).substr(std::string_view(monitor).starts_with("val_") ? 4 : 0);
    if (name == "loss") return false;
    if (name == "accuracy") return true;
    throw std::invalid_argument(std::string("ctnet::") + who + ": monitor is \"" + monitor +
                                "\" and mode \"auto\" cannot tell whether it should be maximized or minimized "
                                "(it knows loss and accuracy, with or without val_); pass .mode = \"max\" to "
                                "monitor the highest value or .mode = \"min\" for the lowest");
}

/// Keras's `_is_improvement`: no reference yet is an improvement; otherwise
/// `current - min_delta < reference` (min mode; `current + min_delta > reference` in max mode,
/// min_delta taken as |min_delta|). Keras subtracts in double (the logs hold Python floats) and
/// compares in float32 (keras.ops on Python scalars), so a NaN on either side is never an
/// improvement and values equal in float32 do not improve.
inline bool is_improvement(double current, const std::optional<double>& reference, bool maximize,
                           double min_delta) {
    if (!reference) return true;
    const double shifted = maximize ? current - std::abs(min_delta) : current + std::abs(min_delta);
    const float a = static_cast<float>(shifted);
    const float b = static_cast<float>(*reference);
    return maximize ? a > b : a < b;
}

/// The callbacks' field checks, in the optimizers' message form (`ctnet::<who>: <field> is
/// <value>; it must be <rule>`, std::invalid_argument), run by on_train_begin.
[[noreturn]] inline void callback_field_error(const char* who, const char* field, const std::string& value,
                                              const char* rule) {
    throw std::invalid_argument(std::string("ctnet::") + who + ": " + field + " is " + value + "; it must be " + rule);
}
inline void check_count(const char* who, const char* field, int v) {
    if (v < 0) callback_field_error(who, field, std::to_string(v), ">= 0");
}
inline void check_finite(const char* who, const char* field, double v) {
    if (!std::isfinite(v)) callback_field_error(who, field, python_repr(v), "finite");
}

/// Keras's text for a missing monitor ("Available metrics are: loss,accuracy"), after
/// `ctnet::<who>: warning: `.
inline void warn_missing_monitor(const char* who, std::string_view keras_sentence_start, const logs& l,
                                 std::string_view end = "") {
    std::string names;
    for (const auto& [n, v] : l.entries()) names += (names.empty() ? "" : ",") + n;
    std::cerr << "ctnet::" << who << ": warning: " << keras_sentence_start << " which is not available. Available metrics are: "
              << names << end << '\n';
}

} // namespace ctnet::detail
