// Shared helpers of the GEMM tests: random operands, a double-precision reference and the bound check.
#pragma once

#include <ctnet/kernels/gemm.hpp>
#include <ctnet/kernels/thread_pool.hpp>

#include <gemm_tolerances.hpp>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace ctnet::test {

inline std::vector<float> random_matrix(std::size_t n, unsigned seed)
{
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v)
        x = dist(gen);
    return v;
}

/// A value C could not hold if the kernel skipped an element: the tests fill C with it first.
inline constexpr float poison = 1.0e30f;

enum class gemm_kind { nn, tn, nt };

/// Checks c against the exact product: element (i, j) of the (rows x cols) result is
/// sum_p A(i, p) B(p, j) (+ c0 when accumulating), with the operands given as accessors.
template <class Aget, class Bget>
void check_product(const std::string& what, std::size_t rows, std::size_t cols, std::size_t depth, Aget a, Bget b,
                   const std::vector<float>& c, const std::vector<float>* c0 = nullptr)
{
    std::size_t failures = 0;
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j) {
            double exact = 0.0, magnitude = 0.0;
            for (std::size_t p = 0; p < depth; ++p) {
                const double t = static_cast<double>(a(i, p)) * static_cast<double>(b(p, j));
                exact += t;
                magnitude += std::abs(t);
            }
            std::size_t n = depth;
            if (c0 != nullptr) {
                exact += (*c0)[i * cols + j];
                magnitude += std::abs((*c0)[i * cols + j]);
                ++n;
            }
            const double got = c[i * cols + j];
            const double bound = gemm_error_bound(n, magnitude);
            if (!(std::abs(got - exact) <= bound) && failures++ < 5)
                BOOST_ERROR(what << ": C(" << i << ", " << j << ") = " << got << ", exact " << exact << ", bound "
                                 << bound);
        }
    BOOST_TEST(failures == 0u, what << ": " << failures << " elements outside the bound");
}

/// Runs one GEMM kind for compile-time K, N and run-time m and checks it against the reference.
template <std::size_t K, std::size_t N>
void check_shape(gemm_kind kind, std::size_t m, kernels::thread_pool* pool)
{
    namespace k = ctnet::kernels;
    const std::string tag = std::string(kind == gemm_kind::nn ? "nn" : kind == gemm_kind::tn ? "tn" : "nt") +
                            " K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" + std::to_string(m) +
                            (pool ? " pool" : "");
    const unsigned seed = static_cast<unsigned>(K * 1000003u + N * 1009u + m);
    switch (kind) {
    case gemm_kind::nn: { // C(m x N) = A(m x K) B(K x N)
        const auto a = random_matrix(m * K, seed), b = random_matrix(K * N, seed + 1);
        std::vector<float> c(m * N, poison);
        k::gemm_nn<K, N>(m, a.data(), b.data(), c.data(), pool);
        check_product(
            tag, m, N, K, [&](std::size_t i, std::size_t p) { return a[i * K + p]; },
            [&](std::size_t p, std::size_t j) { return b[p * N + j]; }, c);
        break;
    }
    case gemm_kind::tn: { // C(K x N) = A(m x K)^T B(m x N), then C += the same again
        const auto a = random_matrix(m * K, seed), b = random_matrix(m * N, seed + 1);
        std::vector<float> c(K * N, poison);
        k::gemm_tn<K, N>(m, a.data(), b.data(), c.data(), pool);
        auto ag = [&](std::size_t i, std::size_t p) { return a[p * K + i]; };
        auto bg = [&](std::size_t p, std::size_t j) { return b[p * N + j]; };
        check_product(tag, K, N, m, ag, bg, c);
        const std::vector<float> c0 = random_matrix(K * N, seed + 2);
        c = c0;
        k::gemm_tn<K, N, true>(m, a.data(), b.data(), c.data(), pool);
        check_product(tag + " accumulate", K, N, m, ag, bg, c, &c0);
        break;
    }
    case gemm_kind::nt: { // C(m x K) = A(m x N) B(K x N)^T
        const auto a = random_matrix(m * N, seed), b = random_matrix(K * N, seed + 1);
        std::vector<float> c(m * K, poison);
        k::gemm_nt<K, N>(m, a.data(), b.data(), c.data(), pool);
        check_product(
            tag, m, K, N, [&](std::size_t i, std::size_t p) { return a[i * N + p]; },
            [&](std::size_t p, std::size_t j) { return b[j * N + p]; }, c);
        break;
    }
    }
}

#ifdef CTNET_GEMM_TEST_FEWER_BATCHES // the sanitizer builds (tests/unit/gemm/meson.build)
inline constexpr std::size_t test_batches[] = {1, 2, 7, 33, 65};
#else
inline constexpr std::size_t test_batches[] = {1, 2, 7, 31, 32, 33, 256};
#endif

/// The sizes of K and N checked: one partial vector (1), a whole vector plus one lane (17), several
/// panels with a partial last vector and two packed blocks (300), whole vectors only and four blocks
/// (784); all 16 pairs a kind (each test file calls check_all_n for each K). Each pair is its own
/// instantiation of the kernels, which is what the test's compile time pays for: a covering of 27 pairs over {1, 3, 10, 16, 17, 100, 300, 784} took
/// 150-280 s of g++ -O3 a file, too much for CI (docs/testing.md). The seed model's shapes
/// (784x300, 300x100, 100x10) are trained through every GEMM kind by the network tests.
/// The generic build also runs these tests as gemm_avx2 (-march=x86-64-v3: the AVX2 kernel).
#if defined(__AVX2__) && defined(__FMA__) && !defined(__AVX512F__)
inline constexpr bool avx2_path = true;
#else
inline constexpr bool avx2_path = false;
#endif

/// The checked sizes of N with K fixed, for one kind, all test batches.
template <std::size_t K>
void check_all_n(gemm_kind kind, kernels::thread_pool* pool)
{
    for (const std::size_t m : test_batches) {
        check_shape<K, 1>(kind, m, pool);
        check_shape<K, 17>(kind, m, pool);
        check_shape<K, 300>(kind, m, pool);
        check_shape<K, 784>(kind, m, pool);
    }
}

} // namespace ctnet::test
