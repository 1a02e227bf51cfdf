// expect-warning: an L2 penalty with an adaptive optimizer \(adam, nadam, adamax\) is divided by its gradient scale
// expect-warning: use adamw\{\.weight_decay = \.\.\.\}
// expect-warning: l2_with_adaptive_optimizer(<2UL, ctnet::adam>|\(\) \[with (long )?unsigned( long)?( int)? Layer = 2; Optimizer = ctnet::adam\])
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// The chapter's L2 on every hidden layer, trained with Adam: the warning names the first such
// layer (2: input and flatten come first) and the optimizer.
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::elu<>, cn::he_normal, cn::l2<0.01f>>,
                           cn::dense<10, cn::softmax, cn::l2<0.01f>>>;

void train(net& model) {
#ifdef CTNET_EXPECT_COMPILE_WARNING
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::adam{});
#else
    // The user who means it says so.
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::adam{},
                               cn::silence<cn::warnings::l2_with_adaptive_optimizer>{});
#endif
    static_cast<void>(trainer);
}
