// hyperparameters/bad_momentum: batch_norm momentum written as a percentage.
// expect-error: ctnet::batch_norm: momentum must be in \[0, 1\] \(Keras default 0\.99 keeps 99% of the moving average\)
// expect-error: batch_norm_momentum_out_of_range<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<99>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<0.99f>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
