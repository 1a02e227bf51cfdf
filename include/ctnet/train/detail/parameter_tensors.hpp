// parameter_tensors: the trainable tensors of a plan's parameter arena (Keras's trainable
// variables: each dense kernel and bias, PReLU's alpha, batch norm's gamma and beta), in arena order.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include <ctnet/plan/stage.hpp>

namespace ctnet::detail {

/// A tensor's place in the parameter arena: `count` floats from `at`.
struct tensor_span {
    std::size_t at = 0;
    std::size_t count = 0;
};

/// Every trainable tensor of Plan (a plan, as facts_of<Net>::planned), sorted by offset: what
/// clipnorm clips one at a time and global_clipnorm together.
template <const auto& Plan>
constexpr auto parameter_tensors() {
    constexpr auto list = [] {
        std::array<tensor_span, 5 * Plan.stages.size()> all{};
        std::size_t n = 0;
        for (std::size_t i = 0; i < Plan.stage_count; ++i) {
            const stage& s = Plan.stages[i];
            // frozen<...> parameters are not trainable variables.
            if (s.kernel != no_offset && s.train_kernel) all[n++] = {s.kernel, s.inputs * s.units};
            if (s.bias != no_offset && s.train_kernel) all[n++] = {s.bias, s.units};
            if (s.alpha != no_offset && s.train_alpha) all[n++] = {s.alpha, s.units};
            for (const std::size_t at : {s.gamma, s.beta})
                if (at != no_offset && s.train_bn) all[n++] = {at, s.units};
        }
        std::sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n),
                  [](const tensor_span& a, const tensor_span& b) { return a.at < b.at; });
        return std::pair{all, n};
    }();
    std::array<tensor_span, list.second> tensors{};
    std::copy_n(list.first.begin(), list.second, tensors.begin());
    for (std::size_t i = 0; i + 1 < tensors.size(); ++i)
        if (tensors[i].at + tensors[i].count > tensors[i + 1].at) throw "parameter tensors overlap";
    if (!tensors.empty() && tensors.back().at + tensors.back().count > Plan.param_floats)
        throw "parameter tensors outside the arena";
    return tensors;
}

} // namespace ctnet::detail
