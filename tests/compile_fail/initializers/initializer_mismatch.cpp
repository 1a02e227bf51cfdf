// initializers/initializer_mismatch: Glorot weights on a relu layer.
// expect-error: ctnet::dense: the kernel initializer does not suit the activation \(Glorot for linear/sigmoid/tanh/softmax, He for the ReLU family, ELU, GELU, swish, mish, LeCun for SELU\); change it, or write unchecked<Init> to keep it
// expect-error: initializer_does_not_suit_activation<2, 2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::glorot_uniform>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::he_normal>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
