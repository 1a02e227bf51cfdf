// optimizers: every optimizer's binding (what compile and the trainer accept).
#ifndef CTNET_BODY_TRAIN_DETAIL_OPTIMIZERS_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_TRAIN_DETAIL_OPTIMIZERS_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/train/detail/adagrad_binding.hpp>
#include <ctnet/train/detail/adam_binding.hpp>
#include <ctnet/train/detail/adamax_binding.hpp>
#include <ctnet/train/detail/adamw_binding.hpp>
#include <ctnet/train/detail/nadam_binding.hpp>
#include <ctnet/train/detail/rmsprop_binding.hpp>
#include <ctnet/train/detail/sgd_binding.hpp>

#endif // CTNET_BODY_TRAIN_DETAIL_OPTIMIZERS_HPP
