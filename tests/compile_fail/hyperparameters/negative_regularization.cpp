// hyperparameters/negative_regularization: a negative l2 factor.
// expect-error: ctnet::dense: regularization factors must be >= 0
// expect-error: negative_regularization_factor<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::l2<-0.01f>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::l2<0.01f>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
