// expect-error: ctnet::compile: from_logits expects raw logits: the last layer must be a dense layer without activation
// expect-error: loss_needs_linear_output<3, ctnet::sparse_categorical_crossentropy<true>,
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// A softmax output with from_logits would apply softmax twice (Keras accepts it silently).
#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
#else
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<10>>;
#endif

void train(net& model) {
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy<cn::from_logits>{},
                               cn::sgd{.learning_rate = 0.01f});
    static_cast<void>(trainer);
}
