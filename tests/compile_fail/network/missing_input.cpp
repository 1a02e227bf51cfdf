// network/missing_input: no input layer (Keras's Flatten(input_shape=[28, 28]) habit).
// expect-error: ctnet::sequential: a network starts with ctnet::input<dims\.\.\.>; insert it as the first layer
// expect-error: missing_input<0,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
