// transfer/layers_do_not_line_up: copying four layers of a network whose third layer differs (a
// dense of 100 units in the source, 50 in the target).
// expect-error: ctnet::copy_layers: the two networks differ at this layer \(its index, the source network's layer and the target's, in this order, are in this error\)
// expect-error: layers_do_not_line_up<2, ctnet::dense<100, ctnet::relu>, ctnet::frozen<ctnet::dense<50, ctnet::relu> ?>
#include <ctnet/net.hpp>

namespace cn = ctnet;

using model_a = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::relu>, cn::dense<50, cn::relu>,
                               cn::dense<8, cn::softmax>>;
#ifdef CTNET_EXPECT_COMPILE_ERROR
using model_b = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::dense<50, cn::relu>>,
                               cn::frozen<cn::dense<50, cn::relu>>, cn::dense<1, cn::sigmoid>>;
#else
using model_b = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::dense<100, cn::relu>>,
                               cn::frozen<cn::dense<50, cn::relu>>, cn::dense<1, cn::sigmoid>>;
#endif

void transfer(const model_a& a, model_b& b) { cn::copy_layers<4>(a, b); }
