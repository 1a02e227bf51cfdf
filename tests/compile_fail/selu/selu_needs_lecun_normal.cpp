// selu/selu_needs_lecun_normal: LeCun uniform (the right family, the wrong distribution) on a SELU layer.
// expect-error: ctnet::selu: every dense layer of a SELU network needs lecun_normal weights
// expect-error: selu_network_needs_lecun_normal<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu, cn::lecun_uniform>,
                           cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu, cn::lecun_normal>,
                           cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
