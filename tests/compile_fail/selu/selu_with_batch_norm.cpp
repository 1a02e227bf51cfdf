// selu/selu_with_batch_norm: batch_norm in a SELU network.
// expect-error: ctnet::selu: a SELU network self-normalizes and must not use batch_norm; remove it
// expect-error: selu_network_has_batch_norm<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::batch_norm<>,
                           cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dense<100, cn::selu>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
