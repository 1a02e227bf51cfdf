// The GEMMs' epilogue contract, thread-count independence and overloads (the reference checks are in gemm_*_test.cpp).
#define BOOST_TEST_MODULE gemm
#include "gemm_reference.hpp"

#include <cstdio>
#include <cstdlib>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <utility>

namespace k = ctnet::kernels;
namespace ct = ctnet::test;

// The AVX2 build of these tests (tests/unit/gemm/meson.build: gemm_avx2, -march=x86-64-v3 in the
// generic build) checks gemm_avx2.hpp's micro-kernel on any machine that can run it, and skips
// (exit status 77) on one that cannot.
#ifdef GEMM_TEST_REQUIRE_AVX2
static_assert(ct::avx2_path, "gemm_avx2 must compile the AVX2 micro-kernel (AVX2 and FMA, no AVX-512)");
namespace {
struct require_avx2 {
    require_avx2()
    {
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
            std::puts("this CPU has no AVX2 and FMA: the AVX2 GEMM tests are skipped");
            std::exit(77);
        }
    }
};
} // namespace
BOOST_TEST_GLOBAL_FIXTURE(require_avx2);
#endif

namespace {

struct tile_call {
    std::size_t r0, r1, c0, c1;
    std::thread::id thread;
};

/// An epilogue that records its calls, snapshots the tile as it is at call time, then rewrites it
/// (x -> 2x + 1), so the test sees both that the tile was final and that the rewrite stuck.
struct recording_epilogue {
    float* c;
    std::size_t ldc;
    std::vector<float>* snapshot;
    std::vector<tile_call>* calls;
    std::mutex* mutex;

    void operator()(std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) const
    {
        {
            std::lock_guard lock(*mutex);
            calls->push_back({r0, r1, c0, c1, std::this_thread::get_id()});
        }
        for (std::size_t i = r0; i < r1; ++i)
            for (std::size_t j = c0; j < c1; ++j) {
                (*snapshot)[i * ldc + j] = c[i * ldc + j];
                c[i * ldc + j] = 2.0f * c[i * ldc + j] + 1.0f;
            }
    }
};

/// Checks the epilogue contract for one GEMM call on a (rows x cols) C; returns the distinct threads used.
template <class Run>
std::size_t check_epilogue(const std::string& what, std::size_t rows, std::size_t cols, Run run)
{
    std::vector<float> c(rows * cols, ct::poison), snapshot(rows * cols, ct::poison);
    std::vector<tile_call> calls;
    std::mutex mutex;
    run(c.data(), recording_epilogue{c.data(), cols, &snapshot, &calls, &mutex});

    // Every element exactly once.
    std::vector<int> count(rows * cols, 0);
    for (const auto& t : calls) {
        BOOST_TEST_REQUIRE((t.r0 < t.r1 && t.r1 <= rows && t.c0 < t.c1 && t.c1 <= cols), what);
        for (std::size_t i = t.r0; i < t.r1; ++i)
            for (std::size_t j = t.c0; j < t.c1; ++j)
                ++count[i * cols + j];
    }
    BOOST_TEST(std::all_of(count.begin(), count.end(), [](int n) { return n == 1; }),
               what << ": an element was covered " << *std::max_element(count.begin(), count.end()) << " or "
                    << *std::min_element(count.begin(), count.end()) << " times");

    // Per column range: one thread, rows ascending and contiguous.
    std::map<std::pair<std::size_t, std::size_t>, std::vector<tile_call>> by_cols;
    for (const auto& t : calls)
        by_cols[{t.c0, t.c1}].push_back(t);
    for (const auto& [range, tiles] : by_cols) {
        std::size_t next = 0;
        for (const auto& t : tiles) {
            BOOST_TEST(t.r0 == next, what << ": columns [" << range.first << ", " << range.second
                                          << ") tile starts at row " << t.r0 << ", expected " << next);
            BOOST_TEST((t.thread == tiles.front().thread), what << ": one column range on two threads");
            next = t.r1;
        }
        BOOST_TEST(next == rows, what);
    }

    // The tile was final when the epilogue saw it: the GEMM left exactly what the epilogue wrote.
    std::size_t mismatches = 0;
    for (std::size_t e = 0; e < c.size(); ++e)
        if (c[e] != 2.0f * snapshot[e] + 1.0f)
            ++mismatches;
    BOOST_TEST(mismatches == 0u, what << ": " << mismatches << " elements changed after their epilogue");

    std::set<std::thread::id> threads;
    for (const auto& t : calls)
        threads.insert(t.thread);
    return threads.size();
}

template <std::size_t K, std::size_t N>
void check_epilogue_all(std::size_t m, k::thread_pool* pool, std::size_t expected_threads)
{
    const auto a = ct::random_matrix(m * std::max(K, N), 11), b = ct::random_matrix(K * std::max(N, m), 12);
    const std::string tag = " K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" + std::to_string(m);
    const std::size_t nn = check_epilogue("nn" + tag, m, N, [&](float* c, recording_epilogue e) {
        k::gemm_nn<K, N>(m, a.data(), b.data(), c, e, pool);
    });
    const std::size_t tn = check_epilogue("tn" + tag, K, N, [&](float* c, recording_epilogue e) {
        k::gemm_tn<K, N>(m, a.data(), b.data(), c, e, pool);
    });
    const std::size_t nt = check_epilogue("nt" + tag, m, K, [&](float* c, recording_epilogue e) {
        k::gemm_nt<K, N>(m, a.data(), b.data(), c, e, pool);
    });
    BOOST_TEST(nn == expected_threads, "nn" << tag);
    BOOST_TEST(tn == expected_threads, "tn" << tag);
    BOOST_TEST(nt == expected_threads, "nt" << tag);
}

/// Runs the three GEMMs of one shape with a given pool and returns all outputs, for bitwise comparison.
template <std::size_t K, std::size_t N>
std::vector<float> outputs(std::size_t m, k::thread_pool* pool)
{
    const auto x = ct::random_matrix(m * K, 21), w = ct::random_matrix(K * N, 22), dy = ct::random_matrix(m * N, 23);
    std::vector<float> y(m * N), dw(K * N), dx(m * K);
    // Per-column sums in the epilogue (as batch-norm statistics would do), to show their order is fixed too.
    std::vector<float> col_sum(N, 0.0f);
    auto stats = [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
        for (std::size_t i = r0; i < r1; ++i)
            for (std::size_t j = c0; j < c1; ++j)
                col_sum[j] += y[i * N + j] * 0.1f;
    };
    k::gemm_nn<K, N>(m, x.data(), w.data(), y.data(), stats, pool);
    k::gemm_tn<K, N>(m, x.data(), dy.data(), dw.data(), pool);
    k::gemm_tn<K, N, true>(m, x.data(), dy.data(), dw.data(), pool);
    k::gemm_nt<K, N>(m, dy.data(), w.data(), dx.data(), pool);
    std::vector<float> all;
    for (const auto* v : {&y, &dw, &dx, &col_sum})
        all.insert(all.end(), v->begin(), v->end());
    return all;
}

template <std::size_t K, std::size_t N>
void check_thread_independence(k::thread_pool& one, k::thread_pool& two)
{
    for (const std::size_t m : ct::test_batches) {
        const auto serial = outputs<K, N>(m, nullptr);
        const auto pool1 = outputs<K, N>(m, &one);
        const auto pool2 = outputs<K, N>(m, &two);
        const std::string tag = "K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" + std::to_string(m);
        BOOST_TEST(std::memcmp(serial.data(), pool1.data(), serial.size() * sizeof(float)) == 0, tag << " 1 thread");
        BOOST_TEST(std::memcmp(serial.data(), pool2.data(), serial.size() * sizeof(float)) == 0, tag << " 2 threads");
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(gemm_contract)

BOOST_AUTO_TEST_CASE(epilogue_covers_each_element_once_in_row_order)
{
    k::thread_pool two(2);
    for (const std::size_t m : ct::test_batches) {
        check_epilogue_all<100, 10>(m, nullptr, 1);
        check_epilogue_all<17, 3>(m, &two, 1); // too small to split
        check_epilogue_all<300, 100>(m, nullptr, 1);
    }
    // Big enough to split: the test proves both threads ran tiles, so the contract was checked under a split.
    check_epilogue_all<784, 300>(256, &two, 2);
    check_epilogue_all<300, 784>(32, &two, 2);
    check_epilogue_all<784, 300>(7, nullptr, 1);
}

BOOST_AUTO_TEST_CASE(bitwise_identical_for_any_thread_count)
{
    k::thread_pool one(1), two(2);
    check_thread_independence<784, 300>(one, two);
    check_thread_independence<300, 100>(one, two);
    check_thread_independence<100, 10>(one, two);
    check_thread_independence<300, 784>(one, two);
    check_thread_independence<17, 100>(one, two);
}

BOOST_AUTO_TEST_CASE(epilogue_fuses_bias_and_relu)
{
    constexpr std::size_t K = 100, N = 17, m = 33;
    const auto x = ct::random_matrix(m * K, 31), w = ct::random_matrix(K * N, 32), bias = ct::random_matrix(N, 33);
    std::vector<float> plain(m * N), fused(m * N);
    k::gemm_nn<K, N>(m, x.data(), w.data(), plain.data());
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < N; ++j)
            plain[i * N + j] = std::max(plain[i * N + j] + bias[j], 0.0f);
    float* y = fused.data();
    k::gemm_nn<K, N>(m, x.data(), w.data(), y, [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
        for (std::size_t i = r0; i < r1; ++i)
            for (std::size_t j = c0; j < c1; ++j)
                y[i * N + j] = std::max(y[i * N + j] + bias[j], 0.0f);
    });
    BOOST_TEST(plain == fused, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tn_with_epilogue_sees_the_accumulated_sum)
{
    constexpr std::size_t K = 10, N = 3, m = 5;
    const auto x = ct::random_matrix(m * K, 41), dy = ct::random_matrix(m * N, 42);
    std::vector<float> once(K * N), twice(K * N), seen(K * N);
    k::gemm_tn<K, N>(m, x.data(), dy.data(), once.data());
    k::gemm_tn<K, N>(m, x.data(), dy.data(), twice.data());
    float* c = twice.data();
    k::gemm_tn<K, N, true>(m, x.data(), dy.data(), c, [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
        for (std::size_t i = r0; i < r1; ++i)
            for (std::size_t j = c0; j < c1; ++j)
                seen[i * N + j] = c[i * N + j];
    });
    BOOST_TEST(seen == twice, boost::test_tools::per_element());
    // Accumulating continues each chain from C, so the result is 2 * once up to the rounding of m + 1 terms.
    for (std::size_t i = 0; i < K; ++i)
        for (std::size_t j = 0; j < N; ++j) {
            double magnitude = std::abs(once[i * N + j]);
            for (std::size_t r = 0; r < m; ++r)
                magnitude += std::abs(double(x[r * K + i]) * double(dy[r * N + j]));
            BOOST_TEST(std::abs(double(seen[i * N + j]) - 2.0 * once[i * N + j]) <= ct::gemm_error_bound(m + 1, magnitude) + ct::gemm_error_bound(m, magnitude));
        }
}

BOOST_AUTO_TEST_CASE(tile_epilogue_concept)
{
    static_assert(k::tile_epilogue<k::no_epilogue>);
    static_assert(k::tile_epilogue<recording_epilogue&>);
    static_assert(!k::tile_epilogue<k::thread_pool*>);
    static_assert(!k::tile_epilogue<int>);
    BOOST_TEST(true);
}

BOOST_AUTO_TEST_SUITE_END()
