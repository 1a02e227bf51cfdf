// A labelled set of fixed-shape float samples, stored as one row-major block: what fit and evaluate consume.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <numeric>
#include <vector>

namespace ctnet {

// Plain data with public members, like Keras's (x, y) pair of arrays: users fill it from their own sources
// as easily as from ctnet::datasets. The loss decides which y it reads: `labels` (integer classes) for
// sparse_categorical_crossentropy, `targets` (float rows, Keras's y of shape (n, outputs)) for
// categorical_crossentropy (one-hot or soft rows), binary_crossentropy (values in [0, 1]) and
// mean_squared_error. Either may be empty when the loss does not read it, both for predict.
struct dataset {
    std::vector<float> images;               // size() * sample_size() floats, one row per sample
    std::vector<std::int32_t> labels;        // class indices, one per sample (or none)
    std::vector<std::size_t> sample_shape;   // e.g. {28, 28}; the empty shape is a scalar sample
    std::vector<float> targets{};            // size() rows of the network's output size (or none)

    // Product of sample_shape (1 for a scalar sample, 0 if some extent is 0).
    std::size_t sample_size() const noexcept {
        return std::accumulate(sample_shape.begin(), sample_shape.end(), std::size_t{1},
                               std::multiplies<>{});
    }

    // Number of samples. With zero-sized samples the images say nothing, so the labels count
    // (targets cannot: their row width is the network's, not the dataset's).
    std::size_t size() const noexcept {
        const std::size_t n = sample_size();
        return n == 0 ? labels.size() : images.size() / n;
    }

    // First float of sample i; unchecked beyond an assertion because training loops call it per sample.
    const float* sample(std::size_t i) const noexcept {
        assert(i < size());
        return images.data() + i * sample_size();
    }
};

}  // namespace ctnet
