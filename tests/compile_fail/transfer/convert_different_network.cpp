// transfer/convert_different_network: the converting constructor between networks whose layer 1
// differs (it converts between the frozen and unfrozen types of one network).
// expect-error: ctnet::copy_layers: the two networks differ at this layer
// expect-error: layers_do_not_line_up<1, ctnet::frozen<ctnet::dense<30, ctnet::relu> ?>, ctnet::dense<40, ctnet::relu>
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

using frozen_net = cn::sequential<cn::input<20>, cn::frozen<cn::dense<30, cn::relu>>, cn::dense<3, cn::softmax>>;
#ifdef CTNET_EXPECT_COMPILE_ERROR
using unfrozen_net = cn::sequential<cn::input<20>, cn::dense<40, cn::relu>, cn::dense<3, cn::softmax>>;
#else
using unfrozen_net = cn::sequential<cn::input<20>, cn::dense<30, cn::relu>, cn::dense<3, cn::softmax>>;
#endif

unfrozen_net unfreeze(const frozen_net& m) { return unfrozen_net{m}; }
