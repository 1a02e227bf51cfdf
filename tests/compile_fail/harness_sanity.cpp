// The runner must fail on this file: its "bad" branch compiles. Registered with should_fail.
// expect-error: this message is never printed
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

using net = cn::sequential<cn::input<4>, cn::dense<2, cn::softmax>>;
static_assert(cn::param_count<net> == 10);
