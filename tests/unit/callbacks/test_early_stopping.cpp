// early_stopping against Keras 3.15's EarlyStopping (tests/reference/callbacks.json), its refusals,
// its messages, and its state read through std::ref.
#define BOOST_TEST_MODULE early_stopping
#include <boost/test/unit_test.hpp>

#include <ctnet/train/callbacks.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "callbacks_json.hpp"
#include "fake_training_control.hpp"

namespace cn = ctnet;
using ctnet_test::fake_training_control;

static_assert(cn::callback<cn::early_stopping>);

namespace {

cn::early_stopping from_kwargs(const nlohmann::json& kw) {
    cn::early_stopping es;
    for (const auto& [key, v] : kw.items()) {
        if (key == "monitor") es.monitor = v.get<std::string>();
        else if (key == "patience") es.patience = v.get<int>();
        else if (key == "min_delta") es.min_delta = v.get<double>();
        else if (key == "mode") es.mode = v.get<std::string>();
        else if (key == "baseline") es.baseline = v.get<double>();
        else if (key == "restore_best_weights") es.restore_best_weights = v.get<bool>();
        else if (key == "start_from_epoch") es.start_from_epoch = v.get<int>();
        else BOOST_FAIL("callbacks.json: EarlyStopping argument not handled here: " + key);
    }
    return es;
}

// Runs `f` with std::cout (or std::cerr) going to a string, and returns that string.
template <class F>
std::string captured(std::ostream& stream, F f) {
    std::ostringstream out;
    auto* old = stream.rdbuf(out.rdbuf());
    try {
        f();
    } catch (...) {
        stream.rdbuf(old);
        throw;
    }
    stream.rdbuf(old);
    return out.str();
}

auto message_is(const std::string& want) {
    return [want](const std::exception& e) {
        BOOST_TEST(std::string(e.what()) == want);
        return std::string(e.what()) == want;
    };
}

std::vector<std::optional<double>> numbers(std::initializer_list<double> v) { return {v.begin(), v.end()}; }

} // namespace

BOOST_AUTO_TEST_CASE(every_keras_case) {
    const auto cases = ctnet_test::callbacks_cases("EarlyStopping");
    BOOST_TEST(cases.size() == 13u);
    for (const auto& c : cases) {
        const std::string name = c["name"];
        BOOST_TEST_CONTEXT(name) {
            auto es = from_kwargs(c["kwargs"]);
            fake_training_control control;
            const auto run = ctnet_test::drive(es, c["monitor"], ctnet_test::nullable_numbers(c["sequence"]), control);

            if (c["stop_training_after_epoch"].is_null()) BOOST_TEST(!run.stop_training_after_epoch.has_value());
            else {
                BOOST_TEST(run.stop_training_after_epoch.value_or(9999) == c["stop_training_after_epoch"].get<std::size_t>());
            }
            BOOST_TEST(es.stopped_epoch == c["stopped_epoch"].get<std::size_t>());
            BOOST_TEST(es.best_epoch == c["best_epoch"].get<std::size_t>());
            BOOST_TEST(run.epochs_run == c["epochs_run"].get<std::size_t>());
            BOOST_TEST(run.wait_after_epoch == c["wait_after_epoch"].get<std::vector<int>>(), boost::test_tools::per_element());
            const auto best = ctnet_test::nullable_numbers(c["best_after_epoch"]);
            BOOST_TEST(run.best_after_epoch.size() == best.size());  // not REQUIRE: the other cases still run
            for (std::size_t e = 0; e < std::min(best.size(), run.best_after_epoch.size()); ++e)
                BOOST_TEST(ctnet_test::same_best(run.best_after_epoch[e], best[e]), "best after epoch " << e);
            // The weights left after on_train_end: the restored epoch's, or the last epoch's.
            const double want_weights = c.contains("restored_weights_epoch") ? c["restored_weights_epoch"].get<double>()
                                                                            : static_cast<double>(run.epochs_run - 1);
            for (float w : run.weights_after_train_end) BOOST_TEST(w == want_weights);
            BOOST_TEST(control.set_weights_calls == (c.contains("restored_weights_epoch") ? 1u : 0u));
        }
    }
}

// The README's "surprises", stated on their own so a reader sees them without the JSON.
BOOST_AUTO_TEST_CASE(nan_first_stays_best_and_start_from_epoch_leaves_best_none) {
    {
        cn::early_stopping es{.patience = 3};
        fake_training_control control;
        auto seq = numbers({0.9, 0.8, 0.7, 0.6, 0.5});
        seq[0] = std::nullopt;  // NaN
        ctnet_test::drive(es, "val_loss", seq, control);
        BOOST_TEST_REQUIRE(es.best.has_value());
        BOOST_TEST(std::isnan(*es.best));
        BOOST_TEST(es.stopped_epoch == 3u);
    }
    {
        cn::early_stopping es{.patience = 3, .start_from_epoch = 2};
        fake_training_control control;
        cn::logs l;
        l.set("val_loss", 1.0);
        es.on_train_begin(cn::logs{}, control);
        es.on_epoch_end(0, l, control);
        es.on_epoch_end(1, l, control);
        BOOST_TEST(!es.best.has_value());  // Keras's None: epochs before start_from_epoch are ignored
        BOOST_TEST(es.wait == 0);
    }
}

// Keras compares through keras.ops on Python floats, i.e. in float32 (checked with Keras 3.15 on
// JAX: ops.less(0.85 - 1e-9, 0.85) and ops.greater(0.7 + 1e-9, 0.7) are both False).
BOOST_AUTO_TEST_CASE(values_equal_in_float32_do_not_improve) {
    {
        cn::early_stopping es{.patience = 5};
        fake_training_control control;
        ctnet_test::drive(es, "val_loss", numbers({0.85, 0.85 - 1e-9}), control);
        BOOST_TEST(es.wait == 1);
        BOOST_TEST(es.best.value() == 0.85);
        BOOST_TEST(es.best_epoch == 0u);
    }
    {
        cn::early_stopping es{.monitor = "val_accuracy", .patience = 5};
        fake_training_control control;
        ctnet_test::drive(es, "val_accuracy", numbers({0.7, 0.7 + 1e-9}), control);
        BOOST_TEST(es.wait == 1);
        BOOST_TEST(es.best_epoch == 0u);
    }
}

BOOST_AUTO_TEST_CASE(state_is_read_through_std_ref_and_a_copy_keeps_its_own) {
    const auto seq = numbers({1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.65, 0.66, 0.67, 0.68});
    cn::early_stopping mine{.patience = 3, .restore_best_weights = true};
    {
        cn::any_callback by_value = mine;  // a copy: `mine` keeps its initial state
        fake_training_control control;
        by_value.on_train_begin(cn::logs{}, control);
        for (std::size_t e = 0; e < seq.size() && !control.stopped; ++e) {
            cn::logs l;
            l.set("val_loss", *seq[e]);
            by_value.on_epoch_end(e, l, control);
        }
        BOOST_TEST(control.stopped);
        BOOST_TEST(mine.stopped_epoch == 0u);
        BOOST_TEST(!mine.best.has_value());
    }
    fake_training_control control;
    ctnet_test::drive(mine, "val_loss", seq, control);  // through std::ref(mine)
    BOOST_TEST(mine.stopped_epoch == 9u);
    BOOST_TEST(mine.best_epoch == 6u);
    BOOST_TEST(mine.wait == 3);
    BOOST_TEST(mine.best.value() == 0.65);
    BOOST_TEST_REQUIRE(mine.best_weights.has_value());
    BOOST_TEST(mine.best_weights->front() == 6.0f);
    BOOST_TEST(control.weights.front() == 6.0f);
}

BOOST_AUTO_TEST_CASE(on_train_begin_resets_for_a_second_fit) {
    const auto seq = numbers({1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.65, 0.66, 0.67, 0.68});
    cn::early_stopping es{.patience = 3};
    fake_training_control control;
    const auto first = ctnet_test::drive(es, "val_loss", seq, control);
    const auto second = ctnet_test::drive(es, "val_loss", seq, control);
    BOOST_TEST(first.wait_after_epoch == second.wait_after_epoch, boost::test_tools::per_element());
    BOOST_TEST(es.stopped_epoch == 9u);
}

BOOST_AUTO_TEST_CASE(auto_mode_as_keras_3_decides) {
    fake_training_control control;
    for (const char* minimised : {"loss", "val_loss"})
        BOOST_CHECK_NO_THROW((cn::early_stopping{.monitor = minimised}.on_train_begin(cn::logs{}, control)));
    // max for accuracy: 0.5 then 0.6 improves, 0.6 then 0.5 does not
    cn::early_stopping es{.monitor = "accuracy", .patience = 1};
    es.on_train_begin(cn::logs{}, control);
    const double values[] = {0.5, 0.6, 0.5};
    for (std::size_t e = 0; e < 3; ++e) {
        cn::logs l;
        l.set("accuracy", values[e]);
        es.on_epoch_end(e, l, control);
    }
    BOOST_TEST(es.best.value() == 0.6);
    BOOST_TEST(es.best_epoch == 1u);
    BOOST_TEST(control.stopped);
}

BOOST_AUTO_TEST_CASE(refusals_with_their_messages) {
    fake_training_control control;
    BOOST_CHECK_EXCEPTION((cn::early_stopping{.mode = "maximum"}.on_train_begin(cn::logs{}, control)), std::invalid_argument,
                          message_is("ctnet::early_stopping: mode is \"maximum\"; it must be \"auto\", \"min\" or \"max\" "
                                     "(Keras warns and falls back to \"auto\")"));
    BOOST_CHECK_EXCEPTION((cn::early_stopping{.monitor = "val_acc"}.on_train_begin(cn::logs{}, control)), std::invalid_argument,
                          message_is("ctnet::early_stopping: monitor is \"val_acc\" and mode \"auto\" cannot tell whether it "
                                     "should be maximized or minimized (it knows loss and accuracy, with or without val_); "
                                     "pass .mode = \"max\" to monitor the highest value or .mode = \"min\" for the lowest"));
    BOOST_CHECK_NO_THROW((cn::early_stopping{.monitor = "val_acc", .mode = "max"}.on_train_begin(cn::logs{}, control)));
    BOOST_CHECK_EXCEPTION((cn::early_stopping{.patience = -1}.on_train_begin(cn::logs{}, control)), std::invalid_argument,
                          message_is("ctnet::early_stopping: patience is -1; it must be >= 0"));
    BOOST_CHECK_EXCEPTION((cn::early_stopping{.start_from_epoch = -2}.on_train_begin(cn::logs{}, control)),
                          std::invalid_argument, message_is("ctnet::early_stopping: start_from_epoch is -2; it must be >= 0"));
    BOOST_CHECK_EXCEPTION(
        (cn::early_stopping{.min_delta = std::numeric_limits<double>::quiet_NaN()}.on_train_begin(cn::logs{}, control)),
        std::invalid_argument, message_is("ctnet::early_stopping: min_delta is nan; it must be finite"));
    // Driven without on_train_begin, the first epoch end refuses the same way (Keras decides the
    // direction at the first on_epoch_end).
    cn::early_stopping never_begun{.monitor = "val_acc"};
    cn::logs l;
    l.set("val_acc", 0.5);
    BOOST_CHECK_THROW(never_begun.on_epoch_end(0, l, control), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_missing_monitor_warns_once_per_fit_and_changes_nothing) {
    cn::early_stopping es{.patience = 0};
    fake_training_control control;
    const std::string warned = captured(std::cerr, [&] {
        es.on_train_begin(cn::logs{}, control);
        for (std::size_t e = 0; e < 4; ++e) {
            cn::logs l;
            l.set("loss", 1.0);
            l.set("accuracy", 0.5);
            es.on_epoch_end(e, l, control);
        }
    });
    BOOST_TEST(warned == "ctnet::early_stopping: warning: Early stopping conditioned on metric `val_loss` which is not "
                         "available. Available metrics are: loss,accuracy\n");
    BOOST_TEST(!control.stopped);
    BOOST_TEST(es.wait == 0);
    BOOST_TEST(!es.best.has_value());
    const std::string again = captured(std::cerr, [&] {
        es.on_train_begin(cn::logs{}, control);
        cn::logs l;
        es.on_epoch_end(0, l, control);
    });
    BOOST_TEST(again == "ctnet::early_stopping: warning: Early stopping conditioned on metric `val_loss` which is not "
                        "available. Available metrics are: \n");
}

BOOST_AUTO_TEST_CASE(verbose_prints_keras_lines) {
    cn::early_stopping es{.patience = 3, .verbose = 1, .restore_best_weights = true};
    fake_training_control control;
    const std::string out = captured(std::cout, [&] {
        ctnet_test::drive(es, "val_loss", numbers({1.0, 0.8, 0.7, 0.69, 0.695, 0.7, 0.65, 0.66, 0.67, 0.68}), control);
    });
    BOOST_TEST(out == "Epoch 10: early stopping\nRestoring model weights from the end of the best epoch: 7.\n");
    cn::early_stopping quiet{.patience = 3, .restore_best_weights = true};
    BOOST_TEST(captured(std::cout, [&] { ctnet_test::drive(quiet, "val_loss", numbers({1.0, 2.0, 3.0, 4.0}), control); })
                   .empty());
}
