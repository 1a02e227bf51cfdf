// hyperparameters/infinite_hyperparameter: an infinite leaky_relu slope.
// expect-error: detail::error::hyperparameter_must_be_a_finite_float\(\);
// expect-error: real\((std::numeric_limits<float>::infinity\(\)|INF)\)
#include <ctnet/net.hpp>
#include <limits>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
[[maybe_unused]] constexpr cn::leaky_relu<std::numeric_limits<float>::infinity()> slope{};
#else
[[maybe_unused]] constexpr cn::leaky_relu<0.2f> slope{};
#endif


