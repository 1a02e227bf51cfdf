// expect-error: ctnet::compile: this loss needs a network whose last layer is a dense layer with softmax
// expect-error: loss_needs_softmax_output<2, ctnet::categorical_crossentropy<false>,
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// Sigmoid outputs are not a distribution over the classes.
#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<4, cn::sigmoid>>;
#else
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<4, cn::softmax>>;
#endif

void train(net& model) {
    auto trainer = cn::compile(model, cn::categorical_crossentropy{}, cn::sgd{.learning_rate = 0.01f});
    static_cast<void>(trainer);
}
