// Philox4x32-10 against Random123's known answers, and the statistics of the derived draws.
#define BOOST_TEST_MODULE philox
#include <boost/test/unit_test.hpp>

#include <activation_tolerances.hpp>

#include <ctnet/kernels/philox.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using ctnet::kernels::philox;
namespace tol = ctnet::test::activation_math;

// Random123 tests/kat_vectors, the three "philox4x32 10" lines (counter[4] key[2] -> result[4]),
// as copied by several independent ports that cite the upstream file.
static_assert(philox::generate({0, 0, 0, 0}, philox::key_type{0, 0}) ==
              philox::block{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});

BOOST_AUTO_TEST_CASE(random123_known_answers) {
    struct kat {
        philox::block ctr;
        philox::key_type key;
        philox::block want;
    };
    const kat kats[] = {
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
        {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
         {0xffffffffu, 0xffffffffu},
         {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
        {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
         {0xa4093822u, 0x299f31d0u},
         {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
    };
    for (const kat& k : kats) {
        const philox::block got = philox::generate(k.ctr, k.key);
        for (int i = 0; i < 4; ++i) BOOST_TEST(got[i] == k.want[i]);
    }
    // The 64-bit seed is the key, low word first.
    const philox::block a = philox::generate({1, 2, 3, 4}, std::uint64_t{0x299f31d0a4093822u});
    const philox::block b = philox::generate({1, 2, 3, 4}, philox::key_type{0xa4093822u, 0x299f31d0u});
    BOOST_TEST((a == b));
}

BOOST_AUTO_TEST_CASE(element_draws_are_lanes_of_one_block_per_four_units) {
    const std::uint64_t seed = 1234567890123ull;
    for (std::uint32_t unit = 0; unit < 20; ++unit) {
        const philox::block b = philox::generate({7, 9, 11, unit / 4}, seed);
        BOOST_TEST(philox::bits(seed, 7, 9, 11, unit) == b[unit % 4]);
    }
    // uniform_row gives the same values as element-wise draws, from any starting unit.
    // Lengths below, at and past the blocks generated at once (philox::blocks_at_once x 4 units),
    // from aligned and unaligned first units.
    for (std::uint32_t first : {0u, 1u, 3u, 6u, 64u, 129u})
      for (std::size_t length : {23u, 64u, 67u, 200u, 300u}) {
        std::vector<float> row(length);
        philox::uniform_row(seed, 7, 9, 11, first, row.data(), row.size(), -2.0f, 3.0f);
        for (std::uint32_t u = 0; u < row.size(); ++u)
            BOOST_TEST(row[u] == philox::to_range(philox::bits(seed, 7, 9, 11, first + u), -2.0f, 3.0f));
      }
    // Streams, steps, rows and seeds all change the draws.
    const std::uint32_t base = philox::bits(seed, 7, 9, 11, 5);
    BOOST_TEST(base != philox::bits(seed, 8, 9, 11, 5));
    BOOST_TEST(base != philox::bits(seed, 7, 10, 11, 5));
    BOOST_TEST(base != philox::bits(seed, 7, 9, 12, 5));
    BOOST_TEST(base != philox::bits(seed + 1, 7, 9, 11, 5));
    BOOST_TEST(philox::stream_of(3, philox::dropout) != philox::stream_of(3, philox::kernel_init));
    BOOST_TEST(philox::stream_of(3, philox::dropout) != philox::stream_of(4, philox::dropout));
}

BOOST_AUTO_TEST_CASE(unit_floats_cover_zero_to_one_exclusive) {
    BOOST_TEST(philox::to_unit(0) == 0.0f);
    BOOST_TEST(philox::to_unit(0xffffffffu) == 1.0f - 0x1p-24f);
    BOOST_TEST(philox::to_unit(0x80000000u) == 0.5f);
}

BOOST_AUTO_TEST_CASE(uniform_moments_over_a_million_draws) {
    const std::size_t n = 1'000'000;
    double s = 0, s2 = 0;
    float lo = 1, hi = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        const double u = philox::uniform(42, 1, 0, i / 1000, i % 1000);
        s += u;
        s2 += u * u;
        lo = std::min(lo, float(u));
        hi = std::max(hi, float(u));
    }
    const double mean = s / n, var = s2 / n - mean * mean;
    // Standard errors: mean sqrt(1/12/n); variance sqrt((mu4 - sigma^4)/n) = sqrt((1/80 - 1/144)/n).
    BOOST_TEST(std::abs(mean - 0.5) <= tol::moment_z * std::sqrt(1.0 / 12 / n));
    BOOST_TEST(std::abs(var - 1.0 / 12) <= tol::moment_z * std::sqrt((1.0 / 80 - 1.0 / 144) / n));
    BOOST_TEST(lo >= 0.0f);
    BOOST_TEST(hi < 1.0f);
    BOOST_TEST(lo < 1e-4f); // the extremes are reached (P(min > 1e-4) = e^-100)
    BOOST_TEST(hi > 1.0f - 1e-4f);
}

BOOST_AUTO_TEST_CASE(normal_moments_over_a_million_draws) {
    const std::size_t n = 1'000'000;
    double s = 0, s2 = 0, s3 = 0, s4 = 0;
    std::size_t beyond2 = 0;
    for (std::uint32_t i = 0; i < n / 4; ++i) {
        const auto v = philox::to_normals(philox::generate({5, 0, i, 0}, std::uint64_t{42}));
        for (double x : v) {
            s += x;
            s2 += x * x;
            s3 += x * x * x;
            s4 += x * x * x * x;
            beyond2 += std::abs(x) > 2.0;
        }
    }
    const double z = tol::moment_z;
    const double mean = s / n, m2 = s2 / n, m3 = s3 / n, m4 = s4 / n;
    // Raw moments of N(0,1): 0, 1, 0, 3; their standard errors sqrt(Var(x^k)/n) with
    // Var(x) = 1, Var(x^2) = 2, Var(x^3) = 15, Var(x^4) = 96.
    BOOST_TEST(std::abs(mean) <= z * std::sqrt(1.0 / n));
    BOOST_TEST(std::abs(m2 - 1) <= z * std::sqrt(2.0 / n));
    BOOST_TEST(std::abs(m3) <= z * std::sqrt(15.0 / n));
    BOOST_TEST(std::abs(m4 - 3) <= z * std::sqrt(96.0 / n));
    // P(|x| > 2) = 0.0455002638963584.
    const double p = 0.0455002638963584;
    BOOST_TEST(std::abs(double(beyond2) / n - p) <= z * std::sqrt(p * (1 - p) / n));
}

BOOST_AUTO_TEST_CASE(dropout_keep_rate_and_determinism) {
    for (float rate : {0.0f, 0.2f, 0.5f, 0.9f}) {
        std::size_t kept = 0;
        const std::size_t rows = 1000, cols = 300;
        for (std::uint32_t r = 0; r < rows; ++r)
            for (std::uint32_t u = 0; u < cols; ++u) kept += philox::keep(7, philox::stream_of(2, philox::dropout), 3, r, u, rate);
        const double n = double(rows * cols), p = 1.0 - rate;
        BOOST_TEST_CONTEXT("rate " << rate) {
            BOOST_TEST(std::abs(kept / n - p) <= tol::moment_z * std::sqrt(p * (1 - p) / n) + 1e-12);
        }
    }
    BOOST_TEST(philox::keep(7, 2, 3, 4, 5, 0.5f) == philox::keep(7, 2, 3, 4, 5, 0.5f));
    // Masks of consecutive steps are (nearly) independent: agreement rate 1 - 2 p (1 - p).
    std::size_t same = 0;
    const std::size_t n = 100'000;
    for (std::uint32_t i = 0; i < n; ++i) same += philox::keep(7, 2, 3, i / 100, i % 100, 0.5f) == philox::keep(7, 2, 4, i / 100, i % 100, 0.5f);
    BOOST_TEST(std::abs(double(same) / n - 0.5) <= tol::moment_z * std::sqrt(0.25 / n));
}
