// options/unknown_option: dropout written as a dense option (it is a layer).
// expect-error: ctnet::dense: this option is not an activation, an initializer, a regularizer \(l1, l2, l1_l2\), a constraint \(max_norm\) or no_bias; remove it
// expect-error: unknown_dense_option<2, 1,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::dropout<0.2f>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
