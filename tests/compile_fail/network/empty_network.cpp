// network/empty_network: a sequential with no layers at all.
// expect-error: ctnet::sequential: the network has no layers; start it with ctnet::input<dims\.\.\.>
// expect-error: empty_network<
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<10, cn::softmax>>;
#endif

// plan_of, not param_count: `param_count<empty> > 0` would add the user's own failed assertion.
constexpr const auto& plan = cn::plan_of<net>;
