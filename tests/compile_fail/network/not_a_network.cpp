// network/not_a_network: a layer given where a network is expected.
// expect-error: ctnet: expected a network: ctnet::sequential<\.\.\.> or a type derived from one
// expect-error: not_a_network<ctnet::dense<10, ctnet::softmax>
#include <ctnet/net.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::dense<10, cn::softmax>;
#else
using net = cn::sequential<cn::input<784>, cn::dense<10, cn::softmax>>;
#endif

constexpr const auto& plan = cn::plan_of<net>;
