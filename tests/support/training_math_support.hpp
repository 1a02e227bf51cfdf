// Test helpers of the training-math kernel tests: seeded inputs, tolerance checks, JSON tensors.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "training_math_tolerances.hpp"

namespace ctnet::test::training_math {

// Uniform floats in [lo, hi) from the raw bits of mt19937, whose sequence the standard fixes
// (std::uniform_real_distribution is implementation-defined).
class input_source {
public:
    explicit input_source(std::uint32_t seed) : engine_(seed) {}

    float uniform(float lo, float hi)
    {
        const double u = static_cast<double>(engine_() >> 8) * (1.0 / 16777216.0);
        return static_cast<float>(lo + (hi - lo) * u);
    }

    std::vector<float> uniform_vector(std::size_t n, float lo, float hi)
    {
        std::vector<float> v(n);
        for (auto& x : v) x = uniform(lo, hi);
        return v;
    }

    std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }

private:
    std::mt19937 engine_;
};

inline bool close(double got, double want, tolerance t)
{
    return std::fabs(got - want) <= t.abs + t.rel * std::fabs(want);
}

// One BOOST_TEST per element, naming the first few failures only.
template <class Got, class Want>
inline void check_all_close(const Got& got, const Want& want, tolerance t, const std::string& what)
{
    BOOST_TEST_REQUIRE(got.size() == want.size(), what << ": sizes differ");
    std::size_t failures = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double g = static_cast<double>(got[i]);
        const double w = static_cast<double>(want[i]);
        if (!close(g, w, t) && ++failures <= 5)
            BOOST_ERROR(what << "[" << i << "]: got " << g << ", want " << w << " (diff "
                             << std::fabs(g - w) << ")");
    }
    BOOST_TEST(failures == 0u, what << ": " << failures << " of " << got.size() << " elements off");
}

inline void check_close(double got, double want, tolerance t, const std::string& what)
{
    BOOST_TEST(close(got, want, t), what << ": got " << got << ", want " << want << " (diff "
                                         << std::fabs(got - want) << ")");
}

template <class T>
inline std::vector<double> to_double(const std::vector<T>& v)
{
    return std::vector<double>(v.begin(), v.end());
}

// Central finite difference of f at x (a copy is perturbed), in double.
template <class F>
inline std::vector<double> finite_difference(std::vector<double> x, F&& f, double h)
{
    std::vector<double> g(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double x0 = x[i];
        x[i] = x0 + h;
        const double fp = f(x);
        x[i] = x0 - h;
        const double fm = f(x);
        x[i] = x0;
        g[i] = (fp - fm) / (2.0 * h);
    }
    return g;
}

} // namespace ctnet::test::training_math
