// gemm_nn_scaled_rows against a double-precision reference: C = A diag(scale) B and shift_sum = shift B,
// with K deep enough for several packed blocks (784 > 256) and N with a partial last vector.
#include "gemm_reference.hpp"

namespace ct = ctnet::test;

namespace {

template <std::size_t K, std::size_t N>
void check_scaled(std::size_t m, ctnet::kernels::thread_pool* pool)
{
    const std::string tag = "scaled rows K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" +
                            std::to_string(m) + (pool ? " pool" : "");
    const unsigned seed = static_cast<unsigned>(K * 7919u + N * 31u + m);
    const auto a = ct::random_matrix(m * K, seed), b = ct::random_matrix(K * N, seed + 1);
    const auto scale = ct::random_matrix(K, seed + 2), shift = ct::random_matrix(K, seed + 3);
    std::vector<float> c(m * N, ct::poison), shift_sum(N, ct::poison);
    // The epilogue sees shift_sum complete for its columns: it copies it next to C for the check.
    std::vector<float> seen(m * N, ct::poison);
    ctnet::kernels::gemm_nn_scaled_rows<K, N>(
        m, a.data(), b.data(), scale.data(), shift.data(), shift_sum.data(), c.data(),
        [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
            for (std::size_t r = r0; r < r1; ++r)
                for (std::size_t j = c0; j < c1; ++j) seen[r * N + j] = shift_sum[j];
        },
        pool);
    ct::check_product(
        tag, m, N, K, [&](std::size_t i, std::size_t p) { return a[i * K + p] * scale[p]; },
        [&](std::size_t p, std::size_t j) { return b[p * N + j]; }, c);
    ct::check_product(
        tag + " shift_sum", 1, N, K, [&](std::size_t, std::size_t p) { return shift[p]; },
        [&](std::size_t p, std::size_t j) { return b[p * N + j]; }, shift_sum);
    std::size_t stale = 0;
    for (std::size_t r = 0; r < m; ++r)
        for (std::size_t j = 0; j < N; ++j) stale += seen[r * N + j] != shift_sum[j];
    BOOST_TEST(stale == 0u, tag << ": the epilogue saw an unfinished shift_sum " << stale << " times");
}

} // namespace

BOOST_AUTO_TEST_SUITE(gemm_nn_scaled_rows_reference)

BOOST_AUTO_TEST_CASE(several_blocks_partial_vectors_any_thread_count)
{
    ctnet::kernels::thread_pool pool(2);
    for (const std::size_t m : {1u, 7u, 33u}) {
        check_scaled<784, 300>(m, nullptr);
        check_scaled<784, 300>(m, &pool);
        check_scaled<17, 10>(m, &pool);
    }
}

BOOST_AUTO_TEST_SUITE_END()
