// callbacks: every ready-made callback of ctnet (Keras's keras.callbacks), for fit_options::callbacks.
#pragma once

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/early_stopping.hpp>
#include <ctnet/train/callbacks/learning_rate_scheduler.hpp>
#include <ctnet/train/callbacks/model_checkpoint.hpp>
#include <ctnet/train/callbacks/reduce_lr_on_plateau.hpp>
#include <ctnet/train/callbacks/terminate_on_nan.hpp>
#include <ctnet/train/callbacks/csv_logger.hpp>
