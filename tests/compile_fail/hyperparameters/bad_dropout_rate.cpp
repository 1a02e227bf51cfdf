// hyperparameters/bad_dropout_rate: a dropout rate written as a percentage.
// expect-error: ctnet::dropout: the rate is a probability in \[0, 1\); e\.g\. dropout<0\.2f>
// expect-error: dropout_rate_out_of_range<2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<20>, cn::dense<100, cn::relu>,
                           cn::dropout<20>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>, cn::dense<100, cn::relu>,
                           cn::dropout<0.2f>, cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
