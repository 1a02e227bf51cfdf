// network/describe_plan_of_bad_network: describe_plan<Net>() checks Net (here softmax on a hidden layer).
// expect-error: ctnet::softmax: softmax may only be the activation of the last layer
// expect-error: softmax_not_on_last_layer<2,
// expect-error: ctnet/plan/describe_plan\.hpp:[0-9]+:[0-9]+:
#include <ctnet/net.hpp>

#include <string>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<784>, cn::dense<300, cn::relu>, cn::dense<100, cn::softmax>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<784>, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

std::string plan_text() { return cn::describe_plan<net>(); }
