// selu/selu_mixed_activations: a relu hidden layer in a SELU network.
// expect-error: ctnet::selu: every hidden dense layer of a SELU network must use selu
// expect-error: selu_network_mixes_activations<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dense<100, cn::relu>,
                           cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dense<100, cn::selu>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
