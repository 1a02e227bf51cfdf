// Keras VarianceScaling fills: formulas, statistics, truncation, layout and determinism.
#define BOOST_TEST_MODULE variance_scaling
#include <boost/test/unit_test.hpp>

#include <activation_tolerances.hpp>

#include <ctnet/kernels/philox.hpp>
#include <ctnet/kernels/variance_scaling.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace k = ctnet::kernels;
namespace tol = ctnet::test::activation_math;

namespace {

struct keras_init {
    std::string name;
    float scale;
    k::fan_mode mode;
    k::distribution dist;
};

// The Keras table (keras-semantics.md section 1), plus an untruncated normal.
const keras_init inits[] = {
    {"glorot_uniform", 1.0f, k::fan_mode::fan_avg, k::distribution::uniform},
    {"glorot_normal", 1.0f, k::fan_mode::fan_avg, k::distribution::truncated_normal},
    {"he_uniform", 2.0f, k::fan_mode::fan_in, k::distribution::uniform},
    {"he_normal", 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal},
    {"lecun_uniform", 1.0f, k::fan_mode::fan_in, k::distribution::uniform},
    {"lecun_normal", 1.0f, k::fan_mode::fan_in, k::distribution::truncated_normal},
    {"book_fan_avg_uniform_2", 2.0f, k::fan_mode::fan_avg, k::distribution::uniform},
    {"fan_out_untruncated", 1.0f, k::fan_mode::fan_out, k::distribution::untruncated_normal},
};

struct shape {
    std::size_t in, out;
};
const shape shapes[] = {{784, 300}, {300, 100}, {100, 10}};

std::uint64_t fnv1a(const std::vector<float>& w) {
    std::uint64_t h = 14695981039346656037ull;
    for (float f : w) {
        std::uint32_t b;
        std::memcpy(&b, &f, 4);
        for (int i = 0; i < 4; ++i) {
            h ^= (b >> (8 * i)) & 0xffu;
            h *= 1099511628211ull;
        }
    }
    return h;
}

} // namespace

BOOST_AUTO_TEST_CASE(formulas_are_keras_variance_scaling) {
    // Independent statement of Keras's formulas for a (784, 300) kernel.
    const auto gu = k::variance_scaling_spread(784, 300, 1.0, k::fan_mode::fan_avg, k::distribution::uniform);
    BOOST_TEST(gu.bound == std::sqrt(6.0 / (784 + 300)), boost::test_tools::tolerance(1e-15));
    const auto hn = k::variance_scaling_spread(784, 300, 2.0, k::fan_mode::fan_in, k::distribution::truncated_normal);
    BOOST_TEST(hn.target_std == std::sqrt(2.0 / 784), boost::test_tools::tolerance(1e-15));
    BOOST_TEST(hn.stddev == std::sqrt(2.0 / 784) / 0.87962566103423978, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(hn.bound == 2 * hn.stddev, boost::test_tools::tolerance(1e-15));
    const auto lo = k::variance_scaling_spread(784, 300, 1.0, k::fan_mode::fan_out, k::distribution::untruncated_normal);
    BOOST_TEST(lo.stddev == std::sqrt(1.0 / 300), boost::test_tools::tolerance(1e-15));
    // max(1, fan): a zero fan does not divide by zero.
    const auto z = k::variance_scaling_spread(0, 0, 1.0, k::fan_mode::fan_in, k::distribution::uniform);
    BOOST_TEST(z.bound == std::sqrt(3.0));
    // The constant is the std of N(0,1) truncated to [-2, 2]: sqrt(1 - 4 phi(2) / (Phi(2) - Phi(-2))).
    const double phi2 = std::exp(-2.0) / std::sqrt(2 * M_PI), mass = std::erf(2 / std::sqrt(2.0));
    BOOST_TEST(k::truncated_normal_std_ratio == std::sqrt(1 - 4 * phi2 / mass), boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(sample_statistics_match_the_formulas) {
    for (const shape s : shapes)
        for (const keras_init& init : inits) {
            std::vector<float> w(s.in * s.out);
            k::fill_variance_scaling(w.data(), s.in, s.out, init.scale, init.mode, init.dist, 42, 3);
            const auto p = k::variance_scaling_spread(s.in, s.out, init.scale, init.mode, init.dist);
            const double n = double(w.size());
            double sum = 0, sq = 0, lo = 1e30, hi = -1e30;
            std::size_t beyond = 0;
            for (float x : w) {
                sum += x;
                sq += double(x) * x;
                lo = std::min(lo, double(x));
                hi = std::max(hi, double(x));
                beyond += std::abs(x) > 2 * p.target_std;
            }
            const double mean = sum / n, sd = std::sqrt(sq / n - mean * mean);
            BOOST_TEST_CONTEXT(init.name << " " << s.in << "x" << s.out << " mean " << mean << " sd " << sd
                                         << " target " << p.target_std << " min " << lo << " max " << hi) {
                const double z = tol::moment_z;
                BOOST_TEST(std::abs(mean) <= z * p.target_std / std::sqrt(n));
                // se of a sample std ~ sigma sqrt((kurtosis - 1) / (4n)); kurtosis <= 3 for all three
                // distributions (uniform 1.8, truncated normal 2.36, normal 3).
                BOOST_TEST(std::abs(sd - p.target_std) <= z * p.target_std * std::sqrt(2.0 / (4 * n)));
                if (init.dist == k::distribution::uniform) {
                    BOOST_TEST(lo >= -p.bound * (1 + tol::ulp));
                    BOOST_TEST(hi <= p.bound * (1 + tol::ulp));
                    // n uniform draws leave a gap of about 2L/n at each end; 20x that fails by chance
                    // with probability e^-20.
                    BOOST_TEST(hi >= p.bound * (1 - 40.0 / n));
                    BOOST_TEST(lo <= -p.bound * (1 - 40.0 / n));
                } else if (init.dist == k::distribution::truncated_normal) {
                    BOOST_TEST(lo >= -p.bound * (1 + tol::ulp));
                    BOOST_TEST(hi <= p.bound * (1 + tol::ulp));
                    // Density at the cut is positive: the extremes come close to it.
                    BOOST_TEST(hi >= p.bound * 0.97);
                    BOOST_TEST(lo <= -p.bound * 0.97);
                } else {
                    // Untruncated: P(|x| > 2 sigma) = 4.55 %, and values beyond the cut exist.
                    const double q = 0.0455002638963584;
                    BOOST_TEST(std::abs(beyond / n - q) <= tol::moment_z * std::sqrt(q * (1 - q) / n));
                }
            }
        }
}

BOOST_AUTO_TEST_CASE(same_seed_same_weights_other_seed_or_stream_other_weights) {
    std::vector<float> a(784 * 300), b(a.size()), c(a.size()), d(a.size());
    k::fill_variance_scaling(a.data(), 784, 300, 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, 42, 0);
    k::fill_variance_scaling(b.data(), 784, 300, 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, 42, 0);
    k::fill_variance_scaling(c.data(), 784, 300, 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, 43, 0);
    k::fill_variance_scaling(d.data(), 784, 300, 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, 42, 8);
    BOOST_TEST(std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
    BOOST_TEST(std::memcmp(a.data(), c.data(), a.size() * 4) != 0);
    BOOST_TEST(std::memcmp(a.data(), d.data(), a.size() * 4) != 0);
}

BOOST_AUTO_TEST_CASE(keras_kernel_layout_and_counter_mapping) {
    // w[i * fan_out + j] is drawn from lane j % 4 of counter {stream, attempt, i, j / 4}.
    const std::size_t in = 5, out = 7;
    const std::uint64_t seed = 99;
    const std::uint32_t stream = 4;
    std::vector<float> w(in * out);
    k::fill_variance_scaling(w.data(), in, out, 1.0f, k::fan_mode::fan_in, k::distribution::uniform, seed, stream);
    const double limit = std::sqrt(3.0 / in);
    for (std::size_t i = 0; i < in; ++i)
        for (std::size_t j = 0; j < out; ++j) {
            const auto b = k::philox::generate({stream, 0, std::uint32_t(i), std::uint32_t(j / 4)}, seed);
            const float want = float(limit * (2.0 * k::philox::to_unit(b[j % 4]) - 1.0));
            BOOST_TEST(w[i * out + j] == want);
        }
    // Truncated normal: the first attempt within [-2, 2] is taken.
    k::fill_variance_scaling(w.data(), in, out, 1.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, seed, stream);
    const double sd = std::sqrt(1.0 / in) / k::truncated_normal_std_ratio;
    for (std::size_t i = 0; i < in; ++i)
        for (std::size_t j = 0; j < out; ++j) {
            double v = 3.0;
            for (std::uint32_t a = 0; std::abs(v) > 2.0; ++a)
                v = k::philox::to_normals(k::philox::generate({stream, a, std::uint32_t(i), std::uint32_t(j / 4)}, seed))[j % 4];
            BOOST_TEST(w[i * out + j] == float(v * sd));
        }
}

BOOST_AUTO_TEST_CASE(fill_constant_fills) {
    std::vector<float> w(37, 5.0f);
    k::fill_constant(w.data(), 36, 1.0f);
    BOOST_TEST(std::count(w.begin(), w.end() - 1, 1.0f) == 36);
    BOOST_TEST(w.back() == 5.0f);
}

BOOST_AUTO_TEST_CASE(draws_are_the_same_bits_on_every_compiler) {
    // Pinned when written (g++ 12 -march=native and clang 14 generic x86-64 both gave it; the
    // same source runs in both builds, so either compiler drifting fails here). The transforms
    // are integer arithmetic, exactly rounded double operations and glibc's log/sin/cos.
    std::vector<float> w(784 * 300);
    k::fill_variance_scaling(w.data(), 784, 300, 2.0f, k::fan_mode::fan_in, k::distribution::truncated_normal, 42,
                             k::philox::stream_of(1, k::philox::kernel_init));
    std::vector<float> u(300 * 100);
    k::fill_variance_scaling(u.data(), 300, 100, 1.0f, k::fan_mode::fan_avg, k::distribution::uniform, 42,
                             k::philox::stream_of(2, k::philox::kernel_init));
    const std::uint64_t hw = fnv1a(w), hu = fnv1a(u);
    BOOST_TEST_MESSAGE("he_normal 784x300 hash " << std::hex << hw << ", glorot_uniform 300x100 hash " << hu);
    BOOST_TEST(hw == 0x5f03a4f929f15670ull);
    BOOST_TEST(hu == 0xa68db66081018904ull);
}
