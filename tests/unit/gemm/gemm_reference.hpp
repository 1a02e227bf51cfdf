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

inline constexpr std::size_t test_batches[] = {1, 2, 7, 31, 32, 33, 256};

/// Which (K, N) pairs of the sizes {1, 3, 10, 16, 17, 100, 300, 784} are compiled and checked (each
/// pair is its own instantiation of the kernels: the 64 pairs of a kind took about 150 s of g++ -O3
/// a file, the largest part of the test build). Every pair where N is the same size as K, the next
/// one or the third after it in the list (cyclically): each K size meets 3 N sizes and each N size 3
/// K sizes, so every kind of K (one, a few, a whole vector, a vector and one lane, several panels,
/// several blocks) meets every kind of N at least once across the list; plus the seed model's
/// layer shapes both ways (784x300, 300x100, 100x10), which are the shapes trained. 27 pairs a kind.
/// Sanitizer builds (tests/unit/gemm/meson.build defines GEMM_TEST_FEW_SHAPES) check only sizes in
/// {1, 17, 300, 784}: one partial vector, a whole vector plus one lane, several panels with a
/// partial last vector and two packed blocks, whole vectors only and four blocks.
/// The generic build's test runs twice: its own (portable kernel) and gemm_avx2 (-march=x86-64-v3,
/// the AVX2 kernel), each on these few shapes.
#if defined(__AVX2__) && defined(__FMA__) && !defined(__AVX512F__)
inline constexpr bool avx2_path = true;
#else
inline constexpr bool avx2_path = false;
#endif

#ifdef GEMM_TEST_FEW_SHAPES
inline constexpr bool few_shapes = true;
#else
inline constexpr bool few_shapes = false;
#endif

inline constexpr std::size_t test_sizes[] = {1, 3, 10, 16, 17, 100, 300, 784};

constexpr std::size_t size_index(std::size_t n) noexcept
{
    for (std::size_t i = 0; i < 8; ++i)
        if (test_sizes[i] == n) return i;
    return 8;
}

constexpr bool checked_pair(std::size_t k, std::size_t n) noexcept
{
    if (few_shapes)
        return (k == 1 || k == 17 || k == 300 || k == 784) && (n == 1 || n == 17 || n == 300 || n == 784);
    const std::size_t step = (size_index(n) + 8 - size_index(k)) % 8;
    const bool seed_shape = (k == 784 && n == 300) || (k == 300 && n == 784) || (k == 300 && n == 100) ||
                            (k == 100 && n == 300) || (k == 100 && n == 10) || (k == 10 && n == 100);
    return step == 0 || step == 1 || step == 3 || seed_shape;
}

template <std::size_t K, std::size_t N>
void check_shape_if_listed(gemm_kind kind, std::size_t m, kernels::thread_pool* pool)
{
    if constexpr (checked_pair(K, N))
        check_shape<K, N>(kind, m, pool);
}

static_assert([] {
    std::size_t pairs = 0;
    for (std::size_t k : test_sizes)
        for (std::size_t n : test_sizes) pairs += checked_pair(k, n);
    return pairs == (few_shapes ? 16 : 27);
}());

/// The checked size pairs (checked_pair) with K fixed, for one kind, all test batches.
template <std::size_t K>
void check_all_n(gemm_kind kind, kernels::thread_pool* pool)
{
    for (const std::size_t m : test_batches) {
        check_shape_if_listed<K, 1>(kind, m, pool);
        check_shape_if_listed<K, 3>(kind, m, pool);
        check_shape_if_listed<K, 10>(kind, m, pool);
        check_shape_if_listed<K, 16>(kind, m, pool);
        check_shape_if_listed<K, 17>(kind, m, pool);
        check_shape_if_listed<K, 100>(kind, m, pool);
        check_shape_if_listed<K, 300>(kind, m, pool);
        check_shape_if_listed<K, 784>(kind, m, pool);
    }
}

} // namespace ctnet::test
