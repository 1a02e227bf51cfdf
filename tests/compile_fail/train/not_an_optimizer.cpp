// expect-error: ctnet::compile: the third argument is not an optimizer
// expect-error: not_an_optimizer<(const char ?\*|char const ?\*)>
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<1>>;

// A Keras user may reach for the optimizer's name as a string.
void train(net& model) {
#ifdef CTNET_EXPECT_COMPILE_ERROR
    auto trainer = cn::compile(model, cn::mean_squared_error{}, "adam");
#else
    auto trainer = cn::compile(model, cn::mean_squared_error{}, cn::adam{});
#endif
    static_cast<void>(trainer);
}
