// optimizers: every optimizer's binding (what compile and the trainer accept).
#pragma once

#include <ctnet/train/detail/adagrad_binding.hpp>
#include <ctnet/train/detail/adam_binding.hpp>
#include <ctnet/train/detail/adamax_binding.hpp>
#include <ctnet/train/detail/adamw_binding.hpp>
#include <ctnet/train/detail/nadam_binding.hpp>
#include <ctnet/train/detail/rmsprop_binding.hpp>
#include <ctnet/train/detail/sgd_binding.hpp>
