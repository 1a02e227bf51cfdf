// running_moments: the mean and standard deviation (ddof 0) of rows of floats seen one at a time, in double.
#pragma once

#include <cmath>
#include <cstddef>

namespace ctnet::kernels {

// Welford's update per column: after rows x_1 .. x_k, mean[c] is their mean and m2[c] the sum of
// squared deviations from it, so a row never has to be kept. In double, so 10^6 rows of floats lose
// nothing a float result would show. Rows that are all equal give mean == the row exactly and m2 == 0
// exactly (the first update sets mean = x, every later deviation is 0).
struct running_moments {
    // Adds row x (n values) as the count-th row (count from 1) to mean[n] and m2[n]; a count of 1
    // overwrites whatever they held.
    static void add(const float* x, std::size_t n, std::size_t count, double* mean, double* m2) noexcept {
        if (count == 1) {
            for (std::size_t c = 0; c < n; ++c) {
                mean[c] = x[c];
                m2[c] = 0.0;
            }
            return;
        }
        const double k = static_cast<double>(count);
        for (std::size_t c = 0; c < n; ++c) {
            const double d = static_cast<double>(x[c]) - mean[c];
            mean[c] += d / k;
            m2[c] += d * (static_cast<double>(x[c]) - mean[c]);
        }
    }

    // The mean and the population standard deviation sqrt(m2 / count) (numpy's std with ddof 0) of
    // `count` rows, rounded to float.
    static void finish(const double* mean, const double* m2, std::size_t n, std::size_t count, float* mean_out,
                       float* stddev_out) noexcept {
        const double k = static_cast<double>(count);
        for (std::size_t c = 0; c < n; ++c) {
            mean_out[c] = static_cast<float>(mean[c]);
            stddev_out[c] = static_cast<float>(std::sqrt(m2[c] / k));
        }
    }
};

} // namespace ctnet::kernels
