// terminate_on_nan: Keras 3.15's TerminateOnNaN message and graceful stop, and raise_error.
#define BOOST_TEST_MODULE terminate_on_nan
#include <boost/test/unit_test.hpp>

#include <ctnet/train/callbacks.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "fake_training_control.hpp"

namespace cn = ctnet;
using ctnet_test::fake_training_control;

static_assert(cn::callback<cn::terminate_on_nan>);

BOOST_AUTO_TEST_CASE(prints_keras_message_and_stops) {
    cn::any_callback through_fit = cn::terminate_on_nan{};
    fake_training_control control;
    std::ostringstream out;
    auto* old = std::cout.rdbuf(out.rdbuf());
    through_fit.on_invalid_loss(2, 7, std::numeric_limits<double>::quiet_NaN(), control);
    std::cout.rdbuf(old);
    BOOST_TEST(out.str() == "Batch 7: Invalid loss, terminating training\n");
    BOOST_TEST(control.stopped);
    BOOST_TEST(control.lr == 0.1f);
    BOOST_TEST(control.set_weights_calls == 0u);
}

BOOST_AUTO_TEST_CASE(raise_error_throws_keras_text_and_does_not_stop) {
    cn::terminate_on_nan t{.raise_error = true};
    fake_training_control control;
    BOOST_CHECK_EXCEPTION(t.on_invalid_loss(0, 3, std::numeric_limits<double>::infinity(), control), std::runtime_error,
                          [](const std::runtime_error& e) {
                              const std::string want = "ctnet::terminate_on_nan: NaN or Inf loss encountered at batch 3. "
                                                       "Loss value: inf. Terminating training immediately.";
                              BOOST_TEST(e.what() == want);
                              return e.what() == want;
                          });
    BOOST_TEST(!control.stopped);
}

BOOST_AUTO_TEST_CASE(other_hooks_do_nothing) {
    cn::any_callback through_fit = cn::terminate_on_nan{};
    fake_training_control control;
    cn::logs l;
    l.set("loss", std::numeric_limits<double>::quiet_NaN());  // epoch logs are not its business
    through_fit.on_train_begin(cn::logs{}, control);
    through_fit.on_epoch_begin(0, control);
    through_fit.on_epoch_end(0, l, control);
    through_fit.on_train_end(l, control);
    BOOST_TEST(!control.stopped);
    BOOST_TEST(l.entries().size() == 1u);
}
