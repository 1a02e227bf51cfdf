// hyperparameters/bad_epsilon: batch_norm epsilon of 0.
// expect-error: ctnet::batch_norm: epsilon must be positive \(Keras default 1e-3\)
// expect-error: batch_norm_epsilon_not_positive<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<0.99f, 0>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<0.99f, 1e-3f>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
