// network/summary_of_bad_network: summary<Net>() checks Net (here a dense on a 28x28 input).
// expect-error: ctnet::dense: this layer's input has rank > 1 \(shape shown in Input\); insert ctnet::flatten before it
// expect-error: dense_needs_flat_input<1,
// expect-error: ctnet/network/summary\.hpp:[0-9]+:[0-9]+:
#include <ctnet/net.hpp>

#include <string>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

std::string table() { return cn::summary<net>(); }
