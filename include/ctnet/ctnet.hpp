// ctnet.hpp: the umbrella header; includes every public entity of ctnet.
#pragma once

#include <ctnet/net.hpp>
#include <ctnet/version.hpp>
#include <ctnet/build_info.hpp>

#include <ctnet/exec/mc_predict.hpp>
#include <ctnet/exec/model_ops.hpp>
#include <ctnet/exec/predictor.hpp>
#include <ctnet/io/dataset.hpp>
#include <ctnet/io/fashion_mnist.hpp>
#include <ctnet/io/file_error.hpp>
#include <ctnet/io/split.hpp>
#include <ctnet/io/export_header.hpp>
#include <ctnet/io/weights.hpp>
#include <ctnet/train/adagrad.hpp>
#include <ctnet/train/adam.hpp>
#include <ctnet/train/adamw.hpp>
#include <ctnet/train/adamax.hpp>
#include <ctnet/train/binary_crossentropy.hpp>
#include <ctnet/train/callbacks.hpp>
#include <ctnet/train/categorical_crossentropy.hpp>
#include <ctnet/train/checkpoint.hpp>
#include <ctnet/train/compile.hpp>
#include <ctnet/train/fit_options.hpp>
#include <ctnet/train/history.hpp>
#include <ctnet/train/mean_squared_error.hpp>
#include <ctnet/train/nadam.hpp>
#include <ctnet/train/rmsprop.hpp>
#include <ctnet/train/schedule.hpp>
#include <ctnet/train/schedules.hpp>
#include <ctnet/train/sgd.hpp>
#include <ctnet/train/sparse_categorical_crossentropy.hpp>
#include <ctnet/train/trainer.hpp>
