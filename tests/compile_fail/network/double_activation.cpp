// network/double_activation: leaky_relu both as the dense option and as the layer after it.
// expect-error: ctnet::sequential: this activation layer follows a layer that already applies an activation; remove one of the two
// expect-error: double_activation<3, 2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::leaky_relu<0.2f>, cn::he_normal>,
                           cn::leaky_relu<0.2f>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::he_normal>, cn::leaky_relu<0.2f>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
