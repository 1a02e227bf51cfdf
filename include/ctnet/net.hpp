// net.hpp: declare and check networks: descriptors, checks, plans, summaries (no engine, no I/O).
#pragma once

#include <ctnet/check/diagnostics.hpp>
#include <ctnet/core/real.hpp>
#include <ctnet/core/shape.hpp>
#include <ctnet/version.hpp>

#include <ctnet/activations/elu.hpp>
#include <ctnet/activations/gelu.hpp>
#include <ctnet/activations/leaky_relu.hpp>
#include <ctnet/activations/linear.hpp>
#include <ctnet/activations/mish.hpp>
#include <ctnet/activations/prelu.hpp>
#include <ctnet/activations/relu.hpp>
#include <ctnet/activations/rrelu.hpp>
#include <ctnet/activations/selu.hpp>
#include <ctnet/activations/sigmoid.hpp>
#include <ctnet/activations/softmax.hpp>
#include <ctnet/activations/swish.hpp>
#include <ctnet/activations/tanh.hpp>

#include <ctnet/initializers/constant.hpp>
#include <ctnet/initializers/glorot_normal.hpp>
#include <ctnet/initializers/glorot_uniform.hpp>
#include <ctnet/initializers/he_normal.hpp>
#include <ctnet/initializers/he_uniform.hpp>
#include <ctnet/initializers/lecun_normal.hpp>
#include <ctnet/initializers/lecun_uniform.hpp>
#include <ctnet/initializers/ones.hpp>
#include <ctnet/initializers/unchecked.hpp>
#include <ctnet/initializers/zeros.hpp>

#include <ctnet/constraints/max_norm.hpp>
#include <ctnet/regularizers/l1.hpp>
#include <ctnet/regularizers/l1_l2.hpp>
#include <ctnet/regularizers/l2.hpp>

#include <ctnet/layers/alpha_dropout.hpp>
#include <ctnet/layers/batch_norm.hpp>
#include <ctnet/layers/dense.hpp>
#include <ctnet/layers/dropout.hpp>
#include <ctnet/layers/flatten.hpp>
#include <ctnet/layers/frozen.hpp>
#include <ctnet/layers/input.hpp>
#include <ctnet/layers/no_bias.hpp>

#include <ctnet/check/errc.hpp>
#include <ctnet/check/is_valid_network.hpp>
#include <ctnet/check/verdict.hpp>
#include <ctnet/network/non_trainable_param_count.hpp>
#include <ctnet/network/param_count.hpp>
#include <ctnet/network/sequential.hpp>
#include <ctnet/network/trainable_param_count.hpp>
#include <ctnet/plan/describe_plan.hpp>
#include <ctnet/plan/plan_of.hpp>
#include <ctnet/network/summary.hpp>
#include <ctnet/network/copy_layers.hpp>
#include <ctnet/core/seed.hpp>
