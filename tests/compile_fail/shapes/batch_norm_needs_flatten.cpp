// shapes/batch_norm_needs_flatten: batch_norm on the 28 x 28 input, before flatten.
// expect-error: ctnet::batch_norm: this layer's input has rank > 1 \(shape shown in Input\); insert ctnet::flatten before it
// expect-error: batch_norm_needs_flat_input<1,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::batch_norm<>, cn::flatten, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
