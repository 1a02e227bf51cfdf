// options/duplicate_no_bias: no_bias given twice.
// expect-error: ctnet::dense: no_bias given twice; keep one
// expect-error: dense_has_two_no_bias<2, 2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::no_bias, cn::relu, cn::no_bias>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::no_bias, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
