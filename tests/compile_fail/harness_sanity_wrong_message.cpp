// The runner must fail on this file: it fails to compile, but not with the pinned message.
// expect-error: ctnet::dense: two activations given
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<4>, cn::dense<0, cn::softmax>>;
#else
using net = cn::sequential<cn::input<4>, cn::dense<2, cn::softmax>>;
#endif
static_assert(cn::param_count<net> > 0);
