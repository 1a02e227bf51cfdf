// gemm_nn_scaled_rows against a double-precision reference (C = A diag(scale) B and shift_sum = shift B),
// and gemm_tn_tiles against gemm_tn (tiles in a buffer, C untouched),
// with K deep enough for several packed blocks (784 > 256) and N with a partial last vector.
#include "gemm_reference.hpp"

#include <ctnet/exec/arena.hpp>
#include <ctnet/kernels/gemv_bf16.hpp>

#include <cstdlib>
#include <memory>

#include <bit>
#include <cstdint>

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

namespace {

// gemm_tn_tiles hands every tile of C to the epilogue; with m <= 256 (one packed block) the tiles
// live in a stack buffer and C is not written, above that they are in C. The tiles must be bitwise
// gemm_tn's C, every element exactly once, for one thread and two.
template <std::size_t K, std::size_t N>
void check_tiles(std::size_t m, ctnet::kernels::thread_pool* pool)
{
    const std::string tag = "tn tiles K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" +
                            std::to_string(m) + (pool ? " pool" : "");
    const unsigned seed = static_cast<unsigned>(K * 31u + N * 7u + m);
    const auto a = ct::random_matrix(m * K, seed), b = ct::random_matrix(m * N, seed + 1);
    std::vector<float> want(K * N, ct::poison);
    ctnet::kernels::gemm_tn<K, N>(m, a.data(), b.data(), want.data(), pool);
    std::vector<float> c(K * N, ct::poison), got(K * N, ct::poison);
    std::vector<int> visits(K * N, 0);
    ctnet::kernels::gemm_tn_tiles<K, N>(
        m, a.data(), b.data(), c.data(),
        [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1, float* tile) {
            for (std::size_t r = r0; r < r1; ++r)
                for (std::size_t j = c0; j < c1; ++j) {
                    got[r * N + j] = tile[(r - r0) * N + (j - c0)];
                    ++visits[r * N + j];
                }
        },
        pool);
    std::size_t differ = 0, not_once = 0, c_written = 0;
    for (std::size_t i = 0; i < K * N; ++i) {
        differ += got[i] != want[i];
        not_once += visits[i] != 1;
        c_written += c[i] != ct::poison;
    }
    BOOST_TEST(differ == 0u, tag << ": " << differ << " tile elements differ from gemm_tn");
    BOOST_TEST(not_once == 0u, tag << ": " << not_once << " elements not handed on exactly once");
    // Wide rows (a tile buffer over 64 KiB) keep the tiles in C too.
    if (m <= ctnet::kernels::detail::pack_depth_max && ctnet::kernels::detail::direct_gemm<N, 1, K, N, N, true>::tiles_in_buffer)
        BOOST_TEST(c_written == 0u, tag << ": C written " << c_written << " times (the tiles should stay in the buffer)");
    else
        BOOST_TEST(c_written == K * N, tag << ": several blocks along the sum, or wide rows, must use C");
}

} // namespace

BOOST_AUTO_TEST_SUITE(gemm_tn_tiles_reference)

BOOST_AUTO_TEST_CASE(tiles_equal_gemm_tn_and_stay_out_of_c)
{
    ctnet::kernels::thread_pool pool(2);
    for (const std::size_t m : {1u, 32u, 256u, 300u}) {
        check_tiles<784, 300>(m, nullptr);
        check_tiles<784, 300>(m, &pool);
        check_tiles<17, 10>(m, &pool);
        check_tiles<5, 2100>(m, &pool);
    }
    static_assert(!ctnet::kernels::detail::direct_gemm<2100, 1, 5, 2100, 2100, true>::tiles_in_buffer);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// gemm_nn_padded reads a kernel laid out once by pad_weights (no pack per call; one row through
// gemv_padded): bitwise gemm_nn's C for every m, the one-row path included, and the epilogue sees
// every element exactly once. N = 400 needs two gemv register groups on AVX-512 (25 vectors), five
// on AVX2; N = 1 and 17 end in a partial vector.
template <std::size_t K, std::size_t N>
void check_padded(std::size_t m, ctnet::kernels::thread_pool* pool)
{
    const std::string tag = "padded K=" + std::to_string(K) + " N=" + std::to_string(N) + " m=" + std::to_string(m) +
                            (pool ? " pool" : "");
    const unsigned seed = static_cast<unsigned>(K * 131u + N * 17u + m);
    const auto a = ct::random_matrix(m * K, seed), b = ct::random_matrix(K * N, seed + 1);
    ctnet::detail::arena padded(K * ctnet::kernels::padded_width<N>);
    ctnet::kernels::pad_weights<K, N>(b.data(), padded.data());
    std::vector<float> want(m * N, ct::poison), got(m * N, ct::poison);
    std::vector<int> seen(m * N, 0);
    ctnet::kernels::gemm_nn<K, N>(m, a.data(), b.data(), want.data(), pool);
    ctnet::kernels::gemm_nn_padded<K, N>(
        m, a.data(), padded.data(), got.data(),
        [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
            for (std::size_t r = r0; r < r1; ++r)
                for (std::size_t j = c0; j < c1; ++j) ++seen[r * N + j];
        },
        pool);
    std::size_t differ = 0, twice = 0;
    for (std::size_t i = 0; i < m * N; ++i) {
        differ += std::bit_cast<std::uint32_t>(want[i]) != std::bit_cast<std::uint32_t>(got[i]);
        twice += seen[i] != 1;
    }
    BOOST_TEST(differ == 0u, tag << ": " << differ << " elements differ from gemm_nn's");
    BOOST_TEST(twice == 0u, tag << ": " << twice << " elements not seen exactly once by the epilogue");
    ct::check_product(
        tag, m, N, K, [&](std::size_t i, std::size_t p) { return a[i * K + p]; },
        [&](std::size_t p, std::size_t j) { return b[p * N + j]; }, got);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gemm_nn_padded_against_gemm_nn)

BOOST_AUTO_TEST_CASE(one_row_and_batches_bitwise)
{
    ctnet::kernels::thread_pool pool(2);
    for (const std::size_t m : {1u, 2u, 7u, 33u}) {
        check_padded<784, 300>(m, &pool);
        check_padded<300, 100>(m, &pool);
        check_padded<100, 10>(m, &pool);
        check_padded<17, 1>(m, &pool);
        check_padded<5, 400>(m, &pool);
    }
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

// gemv_bf16 against a double-precision product of the bfloat16-rounded operands (the products are
// exact in float; the sums are float chains, as in a GEMM): K odd ends on a half pair, N = 400 needs
// two register groups, N = 1 and 17 end in a partial vector.
template <std::size_t K, std::size_t N>
void check_bf16()
{
    const std::string tag = "bf16 K=" + std::to_string(K) + " N=" + std::to_string(N);
    const unsigned seed = static_cast<unsigned>(K * 71u + N);
    const auto a = ct::random_matrix(K, seed), b = ct::random_matrix(K * N, seed + 1);
    constexpr std::size_t bytes = (ctnet::kernels::bf16_elements<K, N> * 2 + 63) / 64 * 64;
    const std::unique_ptr<std::uint16_t, decltype(&std::free)> packed(
        static_cast<std::uint16_t*>(std::aligned_alloc(64, bytes)), &std::free);
    ctnet::kernels::pack_bf16<K, N>(b.data(), packed.get());
    std::vector<float> got(N, ct::poison);
    ctnet::kernels::gemv_bf16<K, N>(a.data(), packed.get(), got.data());
    const auto round = [](float v) { return ctnet::kernels::from_bf16(ctnet::kernels::to_bf16(v)); };
    ct::check_product(
        tag, 1, N, K, [&](std::size_t, std::size_t p) { return round(a[p]); },
        [&](std::size_t p, std::size_t j) { return round(b[p * N + j]); }, got);
}

} // namespace

BOOST_AUTO_TEST_SUITE(gemv_bf16_reference)

BOOST_AUTO_TEST_CASE(rounded_operands_float_sums)
{
    BOOST_TEST(ctnet::kernels::to_bf16(1.0f) == 0x3f80u);
    BOOST_TEST(ctnet::kernels::to_bf16(std::bit_cast<float>(0x3f808000u)) == 0x3f80u);  // a tie: to even
    BOOST_TEST(ctnet::kernels::to_bf16(std::bit_cast<float>(0x3f818000u)) == 0x3f82u);  // a tie: to even
    BOOST_TEST(ctnet::kernels::to_bf16(std::bit_cast<float>(0x3f808001u)) == 0x3f81u);
    check_bf16<784, 300>();
    check_bf16<301, 100>();
    check_bf16<100, 10>();
    check_bf16<17, 1>();
    check_bf16<5, 400>();
    check_bf16<3, 17>();
}

BOOST_AUTO_TEST_SUITE_END()
