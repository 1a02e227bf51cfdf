// expect-warning: an L2 penalty with an adaptive optimizer \(adam, nadam, adamax\)
// expect-warning: l2_with_adaptive_optimizer(<3UL, ctnet::nadam>|\(\) \[with (long )?unsigned( long)?( int)? Layer = 3; Optimizer = ctnet::nadam\])
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

// l1_l2 carries an L2 part too; the first dense layer (1) has only L1, which Adam's scaling does
// not make pointless in the same way, so the warning names layer 3.
using net = cn::sequential<cn::input<20>, cn::dense<16, cn::relu, cn::l1<0.001f>>, cn::batch_norm<>,
                           cn::dense<8, cn::relu, cn::l1_l2<0.001f, 0.01f>>, cn::dense<1>>;

void train(net& model) {
#ifdef CTNET_EXPECT_COMPILE_WARNING
    auto trainer = cn::compile(model, cn::mean_squared_error{}, cn::nadam{});
#else
    // SGD does not scale the penalty's gradient: no warning.
    auto trainer = cn::compile(model, cn::mean_squared_error{}, cn::sgd{});
#endif
    static_cast<void>(trainer);
}
