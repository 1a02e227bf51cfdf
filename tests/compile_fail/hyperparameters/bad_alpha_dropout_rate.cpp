// hyperparameters/bad_alpha_dropout_rate: an alpha_dropout rate of 1 (everything dropped).
// expect-error: ctnet::alpha_dropout: the rate is a probability in \[0, 1\); e\.g\. alpha_dropout<0\.1f>
// expect-error: alpha_dropout_rate_out_of_range<3,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::alpha_dropout<1>,
                           cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::alpha_dropout<0.1f>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
