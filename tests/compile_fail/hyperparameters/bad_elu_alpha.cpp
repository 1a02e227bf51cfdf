// hyperparameters/bad_elu_alpha: a negative elu Alpha (Keras accepts it; ctnet's backward needs Alpha > 0).
// expect-error: ctnet::elu: Alpha must be > 0 \(the gradient is computed from the output, which needs a positive Alpha; Keras allows any\); for Alpha = 0 use relu
// expect-error: elu_alpha_not_positive<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::elu<-1>>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::elu<1>>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
