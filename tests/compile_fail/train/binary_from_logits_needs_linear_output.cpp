// expect-error: ctnet::compile: from_logits expects raw logits: the last layer must be a dense layer without activation
// expect-error: loss_needs_linear_output<2, ctnet::binary_crossentropy<true>,
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// A sigmoid output with from_logits would apply sigmoid twice (Keras accepts it silently).
#ifdef CTNET_EXPECT_COMPILE_ERROR
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<1, cn::sigmoid>>;
#else
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu>, cn::dense<1>>;
#endif

void train(net& model) {
    auto trainer = cn::compile(model, cn::binary_crossentropy<cn::from_logits>{}, cn::sgd{.learning_rate = 0.01f});
    static_cast<void>(trainer);
}
