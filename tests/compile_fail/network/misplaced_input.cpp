// network/misplaced_input: a second input layer after the first.
// expect-error: ctnet::input: input<\.\.\.> may only be the first layer; remove this one
// expect-error: misplaced_input<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::input<784>, cn::dense<300, cn::relu>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
