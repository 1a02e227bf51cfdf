// hyperparameters/zero_units: a layer width computed to 0.
// expect-error: ctnet::dense: a dense layer needs at least one unit
// expect-error: dense_has_zero_units<3,
#include <ctnet/net.hpp>

#include <cstddef>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
constexpr std::size_t hidden = 3 / 8 * 784; // integer division first: 0
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<hidden, cn::relu>,
                           cn::dense<10, cn::softmax>>;
#else
constexpr std::size_t hidden = 3 * 784 / 8;
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<hidden, cn::relu>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
