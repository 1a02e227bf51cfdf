// expect-error: ctnet::compile: this loss needs a network whose last layer is a dense layer with softmax
// expect-error: loss_needs_softmax_output<3, ctnet::sparse_categorical_crossentropy<false>,
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<10>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#endif

void train(net& model) {
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.01f});
    static_cast<void>(trainer);
}
