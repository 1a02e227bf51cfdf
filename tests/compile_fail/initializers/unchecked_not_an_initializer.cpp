// initializers/unchecked_not_an_initializer: unchecked<> around something that is not an initializer.
// expect-error: ctnet::dense: this option is not an activation, an initializer
// expect-error: unknown_dense_option<2, 1, ctnet::dense<300, ctnet::relu, ctnet::unchecked<int>
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::unchecked<int>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::unchecked<cn::glorot_uniform>>,
                           cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
