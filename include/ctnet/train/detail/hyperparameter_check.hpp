// hyperparameter_check: how compile reports an optimizer's hyperparameter out of range (one message form).
#pragma once

#include <cmath>
#include <stdexcept>
#include <string>

namespace ctnet::detail {

/// Each optimizer's check_optimizer reports through one of these, so every message reads
/// `ctnet::<optimizer>: <field> is <value>; it must be <rule>` (std::invalid_argument).
struct hyperparameter_check {
    const char* optimizer;

    [[noreturn]] void fail(const char* what, float value, const char* rule) const {
        throw std::invalid_argument(std::string("ctnet::") + optimizer + ": " + what + " is " + std::to_string(value) +
                                    "; it must be " + rule);
    }

    /// Every optimizer's rate: finite and >= 0 (0 trains nothing, as in Keras).
    void learning_rate(float lr) const {
        if (!std::isfinite(lr) || lr < 0.0f) fail("learning_rate", lr, "finite and >= 0");
    }

    /// The options every optimizer has (Keras's base optimizer): weight_decay and the three clipping
    /// options each finite and >= 0 (0: off), and at most one clipping option on (Keras's ValueError
    /// "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set").
    template <class Optimizer>
    void common_options(const Optimizer& o) const {
        const auto off_or_positive = [&](const char* what, float v) {
            if (!std::isfinite(v) || v < 0.0f) fail(what, v, "finite and >= 0 (0: off)");
        };
        off_or_positive("weight_decay", o.weight_decay);
        off_or_positive("clipnorm", o.clipnorm);
        off_or_positive("clipvalue", o.clipvalue);
        off_or_positive("global_clipnorm", o.global_clipnorm);
        const int clips = (o.clipnorm > 0.0f) + (o.clipvalue > 0.0f) + (o.global_clipnorm > 0.0f);
        if (clips > 1)
            throw std::invalid_argument(std::string("ctnet::") + optimizer +
                                        ": only one of clipnorm, clipvalue and global_clipnorm can be set; got clipnorm = " +
                                        std::to_string(o.clipnorm) + ", clipvalue = " + std::to_string(o.clipvalue) +
                                        ", global_clipnorm = " + std::to_string(o.global_clipnorm));
    }
};

} // namespace ctnet::detail
