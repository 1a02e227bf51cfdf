// selu/selu_with_dropout: plain dropout in a SELU network.
// expect-error: ctnet::selu: plain dropout breaks self-normalization; use alpha_dropout
// expect-error: selu_network_has_dropout<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dropout<0.1f>,
                           cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::alpha_dropout<0.1f>,
                           cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
