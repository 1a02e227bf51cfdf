// data_checks: what fit, evaluate and predict check of a user's data before any of it reaches the network.
#pragma once

#include <cmath>
#include <cstdio>
#include <cstddef>
#include <stdexcept>
#include <string>

#include <ctnet/io/dataset.hpp>
#include <ctnet/kernels/first_out_of_range.hpp>

namespace ctnet::detail {

/// Inputs must be below 2^64 in magnitude: the square of such a value overflows float, so it would
/// make a batch norm's variance (or a squared error) infinite and every weight it reaches NaN.
inline constexpr float input_magnitude_bound = 18446744073709551616.0f;  // 2^64

inline std::string value_text(float v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", static_cast<double>(v));
    return buf;
}

/// Throws std::invalid_argument, starting with `at` ("ctnet::fit: "), if `n` floats of rows of
/// `width` features are not a whole number of rows, or hold a NaN, an infinity or a value of
/// magnitude 2^64 or more (input_magnitude_bound): the message names the row (the sample) and the
/// feature, counted from 0, and `what` the rows are ("the training data's images").
inline void check_input_rows(const float* x, std::size_t n, std::size_t width, const std::string& at,
                              const char* what) {
    if (width != 0 && n % width != 0)
        throw std::invalid_argument(at + what + " hold " + std::to_string(n) + " floats, not a whole number of rows of " +
                                    std::to_string(width));
    const std::size_t i = kernels::first_out_of_range(x, n, input_magnitude_bound);
    if (i != n)
        throw std::invalid_argument(at + what + ": sample " + std::to_string(i / width) + ", feature " +
                                    std::to_string(i % width) + " is " + value_text(x[i]) +
                                    (std::isfinite(x[i]) ? ", not below 2^64 in magnitude (its square overflows float; "
                                                           "scale the inputs)"
                                                         : " (non-finite input would make every weight it reaches NaN)"));
}

/// The checks of a dataset's images (the loss checks its labels or targets): samples of the
/// network's input size, a whole number of them, at least one, every value finite and below 2^64. `what` names the
/// set in messages ("the training data").
inline void check_samples(const dataset& d, std::size_t input_size, const std::string& at, const std::string& what) {
    if (d.sample_size() != input_size)
        throw std::invalid_argument(at + what + "'s samples have " + std::to_string(d.sample_size()) +
                                    " values, the network's input has " + std::to_string(input_size));
    check_input_rows(d.images.data(), d.images.size(), input_size, at, (what + "'s images").c_str());
    if (d.size() == 0) throw std::invalid_argument(at + what + " has no samples");
}

/// A batch size of at least one (a batch size of 0 would never finish a pass).
inline void check_batch_size(std::size_t batch_size, const std::string& at) {
    if (batch_size == 0) throw std::invalid_argument(at + "batch_size must be at least 1, not 0");
}

} // namespace ctnet::detail
