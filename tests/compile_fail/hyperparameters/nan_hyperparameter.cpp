// hyperparameters/nan_hyperparameter: a NaN dropout rate.
// expect-error: detail::error::hyperparameter_must_be_a_finite_float\(\);
// expect-error: real\((std::numeric_limits<float>::quiet_NaN\(\)|nan)\)
#include <ctnet/net.hpp>
#include <limits>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
[[maybe_unused]] constexpr cn::dropout<std::numeric_limits<float>::quiet_NaN()> rate{};
#else
[[maybe_unused]] constexpr cn::dropout<0.2f> rate{};
#endif


