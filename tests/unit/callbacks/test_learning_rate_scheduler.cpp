// learning_rate_scheduler against Keras 3.15's LearningRateScheduler as its source and docstring
// define it (no Keras vectors: the schedule is a formula, so the expected rates are computed here).
#define BOOST_TEST_MODULE learning_rate_scheduler
#include <boost/test/unit_test.hpp>

#include <ctnet/train/callbacks.hpp>

#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fake_training_control.hpp"

namespace cn = ctnet;
using ctnet_test::fake_training_control;

static_assert(cn::callback<cn::learning_rate_scheduler>);

namespace {

auto message_is(const std::string& want) {
    return [want](const std::exception& e) {
        BOOST_TEST(std::string(e.what()) == want);
        return std::string(e.what()) == want;
    };
}

// Keras's docstring example: keep the rate for ten epochs, then multiply it by exp(-0.1).
double keras_docstring_schedule(std::size_t epoch, double lr) { return epoch < 10 ? lr : lr * std::exp(-0.1); }

} // namespace

BOOST_AUTO_TEST_CASE(keras_docstring_example) {
    // model.compile(SGD()) (lr 0.01), fit(epochs=15, callbacks=[LearningRateScheduler(scheduler)]),
    // round(model.optimizer.learning_rate, 5) == 0.00607
    cn::learning_rate_scheduler s{keras_docstring_schedule};
    fake_training_control control;
    control.lr = 0.01f;
    cn::any_callback through_fit = s;
    through_fit.on_train_begin(cn::logs{}, control);
    float want = 0.01f;
    for (std::size_t epoch = 0; epoch < 15; ++epoch) {
        through_fit.on_epoch_begin(epoch, control);
        // what Keras does: float(float32 lr) into the schedule, the result stored as float32
        want = static_cast<float>(keras_docstring_schedule(epoch, static_cast<double>(want)));
        BOOST_TEST(control.lr == want, "epoch " << epoch);
        cn::logs l;
        l.set("loss", 1.0);
        through_fit.on_epoch_end(epoch, l, control);
        BOOST_TEST(l.entries().back().first == "learning_rate");
        BOOST_TEST(l["learning_rate"].value() == static_cast<double>(want));
    }
    BOOST_TEST(std::round(control.lr * 1e5) / 1e5 == 0.00607, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(the_schedule_sees_the_epoch_and_the_current_rate) {
    std::vector<std::pair<std::size_t, double>> calls;
    cn::learning_rate_scheduler s{.schedule = [&](std::size_t epoch, double lr) {
        calls.emplace_back(epoch, lr);
        return 0.5 / static_cast<double>(epoch + 1);
    }};
    fake_training_control control;
    control.lr = 0.25f;
    s.on_train_begin(cn::logs{}, control);
    for (std::size_t epoch = 0; epoch < 3; ++epoch) s.on_epoch_begin(epoch, control);
    BOOST_TEST_REQUIRE(calls.size() == 3u);
    BOOST_TEST(calls[0].first == 0u);
    BOOST_TEST(calls[0].second == 0.25);
    BOOST_TEST(calls[1].second == static_cast<double>(0.5f));
    BOOST_TEST(calls[2].second == static_cast<double>(static_cast<float>(0.25)));
    BOOST_TEST(control.lr == static_cast<float>(0.5 / 3.0));
}

BOOST_AUTO_TEST_CASE(refusals_with_their_messages) {
    fake_training_control control;
    cn::learning_rate_scheduler nan{[](std::size_t, double) { return std::numeric_limits<double>::quiet_NaN(); }};
    BOOST_CHECK_EXCEPTION(nan.on_epoch_begin(3, control), std::invalid_argument,
                          message_is("ctnet::learning_rate_scheduler: the schedule returned nan for epoch 3; a learning "
                                     "rate must be finite, >= 0 and within float's range"));
    cn::learning_rate_scheduler negative{[](std::size_t, double lr) { return -lr; }};
    BOOST_CHECK_EXCEPTION(negative.on_epoch_begin(0, control), std::invalid_argument,
                          message_is("ctnet::learning_rate_scheduler: the schedule returned -0.10000000149011612 for epoch "
                                     "0; a learning rate must be finite, >= 0 and within float's range"));
    cn::learning_rate_scheduler too_large{[](std::size_t, double) { return 1e39; }};
    BOOST_CHECK_EXCEPTION(too_large.on_epoch_begin(1, control), std::invalid_argument,
                          message_is("ctnet::learning_rate_scheduler: the schedule returned 1e+39 for epoch 1; a learning "
                                     "rate must be finite, >= 0 and within float's range"));
    BOOST_TEST(control.lr == 0.1f);  // nothing was set
    cn::learning_rate_scheduler empty;
    BOOST_CHECK_EXCEPTION(empty.on_train_begin(cn::logs{}, control), std::invalid_argument,
                          message_is("ctnet::learning_rate_scheduler: schedule is empty; it must be a function "
                                     "(std::size_t epoch, double learning_rate) -> double"));
    cn::learning_rate_scheduler fine{[](std::size_t, double) { return 0.01; }};
    control.lr_is_schedule = true;
    BOOST_CHECK_EXCEPTION(fine.on_epoch_begin(0, control), std::logic_error,
                          message_is("ctnet::learning_rate_scheduler: cannot set the learning rate (the optimizer's "
                                     "learning_rate is a schedule)"));
}

BOOST_AUTO_TEST_CASE(verbose_prints_keras_line) {
    cn::learning_rate_scheduler s{.schedule = [](std::size_t, double) { return 0.05; }, .verbose = 1};
    fake_training_control control;
    std::ostringstream out;
    auto* old = std::cout.rdbuf(out.rdbuf());
    s.on_epoch_begin(4, control);
    std::cout.rdbuf(old);
    BOOST_TEST(out.str() == "\nEpoch 5: LearningRateScheduler setting learning rate to 0.05.\n");
}
