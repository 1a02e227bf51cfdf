// network/construct_bad_network: making a model checks its network (here a dropout rate given in percent).
// expect-error: ctnet::dropout: the rate is a probability in \[0, 1\); e\.g\. dropout<0\.2f>
// expect-error: dropout_rate_out_of_range<3,
// expect-error: ctnet/network/sequential\.hpp:[0-9]+:[0-9]+:
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dropout<20>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dropout<0.2f>, cn::dense<10, cn::softmax>>;
#endif

net make_model() { return net{cn::seed{1}}; }
