// network/input_rank_too_high: an input of rank 5 (ctnet shapes hold 1 to 4 extents).
// expect-error: ctnet::input: give 1 to 4 extents, each at least 1
// expect-error: input_shape_invalid<0, ctnet::input<1, 1, 1, 28, 28>
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<1, 1, 1, 28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<1, 28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
