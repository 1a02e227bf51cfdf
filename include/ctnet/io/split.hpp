// Splitting a dataset into its first n samples and the rest, as Keras users write X[:n], X[n:].
#pragma once

#include <cstddef>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

#include "ctnet/io/dataset.hpp"

namespace ctnet {

// Copies rather than views: a dataset owns its floats (DESIGN.md: "models are values"; so is data), and a
// copy of Fashion-MNIST's 188 MB takes a few tens of milliseconds, once per program.
// Throws std::invalid_argument if first_count > d.size(), if d has labels but not one per sample, or targets
// that are not a whole number of equal rows, one per sample (a split would otherwise silently pair images with
// the wrong labels or targets). The targets' row width is targets.size() / d.size().
inline std::pair<dataset, dataset> split(const dataset& d, std::size_t first_count) {
    const std::size_t n = d.size();
    if (first_count > n)
        throw std::invalid_argument("ctnet::split: first_count is " + std::to_string(first_count) +
                                    " but the dataset has only " + std::to_string(n) + " samples");
    if (!d.labels.empty() && d.labels.size() != n)
        throw std::invalid_argument("ctnet::split: the dataset has " + std::to_string(n) + " samples but " +
                                    std::to_string(d.labels.size()) + " labels");
    if (d.images.size() != n * d.sample_size())
        throw std::invalid_argument("ctnet::split: the dataset holds " + std::to_string(d.images.size()) +
                                    " floats, not a whole number of samples of " +
                                    std::to_string(d.sample_size()));

    if (!d.targets.empty() && (n == 0 || d.targets.size() % n != 0))
        throw std::invalid_argument("ctnet::split: the dataset has " + std::to_string(n) + " samples but " +
                                    std::to_string(d.targets.size()) +
                                    " target floats, not one row of equal width per sample");

    const auto cut = static_cast<std::ptrdiff_t>(first_count * d.sample_size());
    dataset first{{d.images.begin(), d.images.begin() + cut}, {}, d.sample_shape, {}};
    dataset rest{{d.images.begin() + cut, d.images.end()}, {}, d.sample_shape, {}};
    if (!d.labels.empty()) {
        const auto lcut = static_cast<std::ptrdiff_t>(first_count);
        first.labels.assign(d.labels.begin(), d.labels.begin() + lcut);
        rest.labels.assign(d.labels.begin() + lcut, d.labels.end());
    }
    if (!d.targets.empty()) {
        const auto tcut = static_cast<std::ptrdiff_t>(first_count * (d.targets.size() / n));
        first.targets.assign(d.targets.begin(), d.targets.begin() + tcut);
        rest.targets.assign(d.targets.begin() + tcut, d.targets.end());
    }
    return {std::move(first), std::move(rest)};
}

}  // namespace ctnet
