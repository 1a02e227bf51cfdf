// options/duplicate_activation: two activations among a dense layer's options.
// expect-error: ctnet::dense: two activations given; keep one
// expect-error: dense_has_two_activations<2, 2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::he_normal, cn::elu<>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::elu<>, cn::he_normal>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
