// network/not_a_layer: a dense option (l2) listed as a layer of its own.
// expect-error: ctnet::sequential: this list entry is not a layer; list ctnet layers \(input, flatten, dense, batch_norm, dropout, alpha_dropout\) or activations
// expect-error: not_a_layer<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::l2<0.01f>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::l2<0.01f>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
