// initializers/initializer_mismatch_activation_layer: Glorot weights on a dense followed by a leaky_relu layer.
// expect-error: ctnet::dense: the kernel initializer does not suit the activation
// expect-error: initializer_does_not_suit_activation<2, 3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::glorot_uniform>, cn::leaky_relu<0.2f>,
                           cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::he_normal>, cn::leaky_relu<0.2f>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
