// kernels::first_out_of_range: the first NaN or too-large value, at every position of a block and
// across block boundaries, for every kind of non-finite float and at the bound itself.
#define BOOST_TEST_MODULE first_out_of_range
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/first_out_of_range.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace k = ctnet::kernels;

namespace {
constexpr float inf = std::numeric_limits<float>::infinity();

std::vector<float> finite_values(std::size_t n) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = (i % 2 ? -1.0f : 1.0f) * static_cast<float>(i % 97) * 1e5f;
    return x;
}
} // namespace

BOOST_AUTO_TEST_CASE(all_finite_gives_n) {
    for (const std::size_t n : {0u, 1u, 255u, 256u, 257u, 1000u}) {
        const auto x = finite_values(n);
        BOOST_TEST(k::first_out_of_range(x.data(), n, inf) == n);
    }
    const std::vector<float> edges{std::numeric_limits<float>::max(), -std::numeric_limits<float>::max(),
                                   std::numeric_limits<float>::denorm_min(), -0.0f, 0.0f};
    BOOST_TEST(k::first_out_of_range(edges.data(), edges.size(), inf) == edges.size());
}

BOOST_AUTO_TEST_CASE(finds_the_first_of_each_kind_at_every_position) {
    const float quiet = std::numeric_limits<float>::quiet_NaN();
    const float signaling = std::numeric_limits<float>::signaling_NaN();
    const float negative_nan = std::bit_cast<float>(std::uint32_t{0xffc00001u});
    for (const float bad : {quiet, signaling, negative_nan, inf, -inf})
        for (const std::size_t at : {0u, 1u, 254u, 255u, 256u, 511u, 512u, 700u, 799u}) {
            auto x = finite_values(800);
            x[at] = bad;
            if (at + 3 < x.size()) x[at + 3] = quiet;  // a later one does not hide the first
            BOOST_TEST_INFO("at " << at);
            BOOST_TEST(k::first_out_of_range(x.data(), x.size(), inf) == at);
        }
}

BOOST_AUTO_TEST_CASE(finds_one_in_the_last_floats_of_any_length) {
    // Lengths that leave 1 to 3 floats after the last group of four, in the first block and later.
    for (const std::size_t n : {1u, 2u, 3u, 5u, 6u, 7u, 257u, 258u, 259u, 515u}) {
        for (std::size_t back = 1; back <= 3 && back <= n; ++back) {
            auto x = finite_values(n);
            x[n - back] = std::numeric_limits<float>::quiet_NaN();
            BOOST_TEST_INFO("n " << n << ", at " << n - back);
            BOOST_TEST(k::first_out_of_range(x.data(), n, inf) == n - back);
        }
    }
}

BOOST_AUTO_TEST_CASE(the_bound_itself_is_out_of_range) {
    constexpr float bound = 18446744073709551616.0f;  // 2^64
    auto x = finite_values(300);
    x[260] = std::nextafter(bound, 0.0f);
    BOOST_TEST(k::first_out_of_range(x.data(), x.size(), bound) == x.size());
    x[270] = -bound;
    BOOST_TEST(k::first_out_of_range(x.data(), x.size(), bound) == 270u);
    x[10] = std::numeric_limits<float>::quiet_NaN();  // NaN is out of range for any bound
    BOOST_TEST(k::first_out_of_range(x.data(), x.size(), bound) == 10u);
}
