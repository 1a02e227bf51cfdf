// hyperparameters/bad_rrelu_bounds: rrelu bounds given upper first.
// expect-error: ctnet::rrelu: needs 0 <= Lower <= Upper
// expect-error: rrelu_bounds_out_of_order<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::rrelu<0.3f, 0.1f>>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::rrelu<0.1f, 0.3f>>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
