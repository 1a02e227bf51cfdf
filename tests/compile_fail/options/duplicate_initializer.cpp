// options/duplicate_initializer: two kernel initializers among a dense layer's options.
// expect-error: ctnet::dense: two kernel initializers given; keep one
// expect-error: dense_has_two_initializers<2, 3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::he_normal, cn::l2<0.01f>, cn::he_uniform>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::he_normal, cn::l2<0.01f>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
