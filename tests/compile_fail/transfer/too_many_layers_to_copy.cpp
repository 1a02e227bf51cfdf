// transfer/too_many_layers_to_copy: copying five layers into a network of four.
// expect-error: ctnet::copy_layers: asked for more layers than a network has
// expect-error: too_many_layers_to_copy<5, 5, 4>
#include <ctnet/net.hpp>

namespace cn = ctnet;

using model_a = cn::sequential<cn::input<784>, cn::dense<100, cn::relu>, cn::dense<50, cn::relu>, cn::dropout<0.2f>,
                               cn::dense<8, cn::softmax>>;
using model_b = cn::sequential<cn::input<784>, cn::frozen<cn::dense<100, cn::relu>>, cn::dense<50, cn::relu>,
                               cn::dense<1, cn::sigmoid>>;

#ifdef CTNET_EXPECT_COMPILE_ERROR
void transfer(const model_a& a, model_b& b) { cn::copy_layers<5>(a, b); }
#else
void transfer(const model_a& a, model_b& b) { cn::copy_layers<3>(a, b); }
#endif
