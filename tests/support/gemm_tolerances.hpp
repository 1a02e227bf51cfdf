// Error bounds for the GEMM kernel tests (tests/unit/gemm), each with the reason for its size.
#pragma once

#include <cstddef>
#include <limits>

namespace ctnet::test {

/// Unit roundoff of float: 2^-24.
inline constexpr double float_unit_roundoff = std::numeric_limits<float>::epsilon() / 2.0;

/// Bound on |computed - exact| for a float dot product of n terms, in units of sum |a_i| |b_i|: Higham's
/// gamma_n = n u / (1 - n u) (Accuracy and Stability of Numerical Algorithms, eq. 3.5). It holds for any
/// summation order and for fused or separate multiply-add, so it covers the AVX-512 and portable paths.
/// Accumulating into C counts C as one more term (n + 1). The reference is computed in double, whose own
/// error (about 2^-53 n) is negligible at this scale. A missing or doubled term of average size
/// exceeds the bound as soon as n u < 1 / n, true for every n tested (n <= 784).
inline double gemm_error_bound(std::size_t n, double sum_abs_products)
{
    const double nu = static_cast<double>(n) * float_unit_roundoff;
    return nu / (1.0 - nu) * sum_abs_products;
}

} // namespace ctnet::test
