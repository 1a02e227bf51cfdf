// expect-error: ctnet::compile: binary_crossentropy needs a network whose last layer applies sigmoid
// expect-error: loss_needs_sigmoid_output<2, ctnet::binary_crossentropy<false>,
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// Softmax makes the outputs compete; independent yes/no outputs need sigmoid (Keras accepts both).
#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<4, cn::softmax>>;
#else
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<4, cn::sigmoid>>;
#endif

void train(net& model) {
    auto trainer = cn::compile(model, cn::binary_crossentropy{}, cn::sgd{.learning_rate = 0.01f});
    static_cast<void>(trainer);
}
