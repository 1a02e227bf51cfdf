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
};

} // namespace ctnet::detail
