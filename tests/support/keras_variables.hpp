// Where a Keras variable of the reference networks lives in ctnet's arenas. The training references
// (sgd_nesterov.json, optimizers.json) share one shape: Input -> BatchNormalization (bn0) ->
// Dense + relu (dense0) -> BatchNormalization (bn1) -> Dense + softmax (dense1), which ctnet plans
// as three stages: the input batch norm, dense0 with bn1, and dense1.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>
#include <utility>

namespace ctnet_test {

/// {in the parameter arena (else the state arena), offset} of the variable Keras calls `name`.
template <class Net>
std::pair<bool, std::size_t> locate_keras_variable(const std::string& name) {
    constexpr const auto& p = Net::plan();
    const auto& s0 = p.stages[0];  // batch_norm on the input
    const auto& s1 = p.stages[1];  // dense + relu + batch_norm
    const auto& s2 = p.stages[2];  // dense + softmax
    if (name == "bn0/gamma") return {true, s0.gamma};
    if (name == "bn0/beta") return {true, s0.beta};
    if (name == "bn0/moving_mean") return {false, s0.moving_mean};
    if (name == "bn0/moving_variance") return {false, s0.moving_variance};
    if (name == "dense0/kernel") return {true, s1.kernel};
    if (name == "dense0/bias") return {true, s1.bias};
    if (name == "bn1/gamma") return {true, s1.gamma};
    if (name == "bn1/beta") return {true, s1.beta};
    if (name == "bn1/moving_mean") return {false, s1.moving_mean};
    if (name == "bn1/moving_variance") return {false, s1.moving_variance};
    if (name == "dense1/kernel") return {true, s2.kernel};
    if (name == "dense1/bias") return {true, s2.bias};
    BOOST_FAIL("unknown variable " + name);
    return {};
}

} // namespace ctnet_test
