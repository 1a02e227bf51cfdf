// hyperparameters/negative_slope: a negative leaky_relu slope.
// expect-error: ctnet::leaky_relu: the slope must be >= 0 \(Keras rejects negative slopes\)
// expect-error: leaky_relu_negative_slope<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::he_normal>, cn::leaky_relu<-0.2f>,
                           cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::he_normal>, cn::leaky_relu<0.2f>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
