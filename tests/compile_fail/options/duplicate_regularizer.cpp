// options/duplicate_regularizer: l1 and l2 given separately.
// expect-error: ctnet::dense: two regularizers given; for both penalties write l1_l2<L1, L2>
// expect-error: dense_has_two_regularizers<3, 2,
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu, cn::l1<0.01f>, cn::l2<0.01f>>,
                           cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu, cn::l1_l2<0.01f, 0.01f>>,
                           cn::dense<10, cn::softmax>>;
#endif

static_assert(cn::param_count<net> > 0);
