// expect-error: ctnet::compile: the second argument is not a loss
// expect-error: not_a_loss<(const char ?\*|char const ?\*)>
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<1>>;

// A Keras user may reach for the loss's name as a string.
void train(net& model) {
#ifdef CTNET_EXPECT_COMPILE_ERROR
    auto trainer = cn::compile(model, "mean_squared_error", cn::sgd{.learning_rate = 0.01f});
#else
    auto trainer = cn::compile(model, cn::mean_squared_error{}, cn::sgd{.learning_rate = 0.01f});
#endif
    static_cast<void>(trainer);
}
