// reduce_lr_on_plateau against Keras 3.15's ReduceLROnPlateau (tests/reference/callbacks.json),
// its refusals, its messages, and its state read through std::ref.
#define BOOST_TEST_MODULE reduce_lr_on_plateau
#include <boost/test/unit_test.hpp>

#include <ctnet/train/callbacks.hpp>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "callbacks_json.hpp"
#include "fake_training_control.hpp"

namespace cn = ctnet;
using ctnet_test::fake_training_control;

static_assert(cn::callback<cn::reduce_lr_on_plateau>);

namespace {

cn::reduce_lr_on_plateau from_kwargs(const nlohmann::json& kw) {
    cn::reduce_lr_on_plateau r;
    for (const auto& [key, v] : kw.items()) {
        if (key == "monitor") r.monitor = v.get<std::string>();
        else if (key == "factor") r.factor = v.get<double>();
        else if (key == "patience") r.patience = v.get<int>();
        else if (key == "mode") r.mode = v.get<std::string>();
        else if (key == "min_delta") r.min_delta = v.get<double>();
        else if (key == "cooldown") r.cooldown = v.get<int>();
        else if (key == "min_lr") r.min_lr = v.get<double>();
        else BOOST_FAIL("callbacks.json: ReduceLROnPlateau argument not handled here: " + key);
    }
    return r;
}

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
    const auto cases = ctnet_test::callbacks_cases("ReduceLROnPlateau");
    BOOST_TEST(cases.size() == 9u);
    for (const auto& c : cases) {
        const std::string name = c["name"];
        BOOST_TEST_CONTEXT(name) {
            const double rtol = c["tolerance"];
            BOOST_TEST_REQUIRE(rtol <= 1e-6);
            auto r = from_kwargs(c["kwargs"]);
            fake_training_control control;
            control.lr = c["initial_learning_rate"].get<float>();
            const auto run = ctnet_test::drive(r, c["monitor"], ctnet_test::nullable_numbers(c["sequence"]), control);

            BOOST_TEST(c["stop_training_after_epoch"].is_null());
            BOOST_TEST(!run.stop_training_after_epoch.has_value());
            const auto lr = c["learning_rate_after_epoch"].get<std::vector<double>>();
            const auto logged = c["logged_learning_rate"].get<std::vector<double>>();
            BOOST_TEST(run.learning_rate_after_epoch.size() == lr.size());
            BOOST_TEST(run.logged_learning_rate.size() == logged.size());
            for (std::size_t e = 0; e < std::min({lr.size(), logged.size(), run.learning_rate_after_epoch.size(),
                                                  run.logged_learning_rate.size()});
                 ++e) {
                BOOST_TEST(ctnet_test::close_rel(run.learning_rate_after_epoch[e], lr[e], rtol),
                           "lr after epoch " << e << ": " << run.learning_rate_after_epoch[e] << " vs Keras " << lr[e]);
                BOOST_TEST(ctnet_test::close_rel(run.logged_learning_rate[e], logged[e], rtol),
                           "logged lr at epoch " << e << ": " << run.logged_learning_rate[e] << " vs Keras " << logged[e]);
            }
            BOOST_TEST(run.wait_after_epoch == c["wait_after_epoch"].get<std::vector<int>>(), boost::test_tools::per_element());
            const auto best = ctnet_test::nullable_numbers(c["best_after_epoch"]);
            BOOST_TEST(run.best_after_epoch.size() == best.size());  // not REQUIRE: the other cases still run
            for (std::size_t e = 0; e < std::min(best.size(), run.best_after_epoch.size()); ++e)
                BOOST_TEST(ctnet_test::same_best(run.best_after_epoch[e], best[e]), "best after epoch " << e);
            BOOST_TEST(r.cooldown_counter == c["cooldown_counter_at_end"].get<int>());
            BOOST_TEST(control.set_weights_calls == 0u);
        }
    }
}

// Keras's float32 arithmetic: the new rate is float32(double(float32 lr) * factor).
BOOST_AUTO_TEST_CASE(the_rate_is_computed_in_double_and_stored_as_float) {
    cn::reduce_lr_on_plateau r{.factor = 0.1, .patience = 0};
    fake_training_control control;
    control.lr = 0.1f;
    ctnet_test::drive(r, "val_loss", numbers({1.0, 1.0, 1.0}), control);
    const float want = static_cast<float>(static_cast<float>(static_cast<double>(0.1f) * 0.1) * 0.1);
    BOOST_TEST(control.lr == want);
}

BOOST_AUTO_TEST_CASE(state_is_read_through_std_ref_and_cooldown_counts_down) {
    cn::reduce_lr_on_plateau r{.factor = 0.5, .patience = 1, .cooldown = 3};
    fake_training_control control;
    cn::any_callback through_fit = std::ref(r);
    through_fit.on_train_begin(cn::logs{}, control);
    const double seq[] = {1.0, 1.0, 1.0, 1.0};
    const int want_counter[] = {0, 3, 2, 1};
    for (std::size_t e = 0; e < 4; ++e) {
        cn::logs l;
        l.set("val_loss", seq[e]);
        through_fit.on_epoch_end(e, l, control);
        BOOST_TEST(r.cooldown_counter == want_counter[e], "epoch " << e);
        BOOST_TEST(r.in_cooldown() == (want_counter[e] > 0));
    }
    BOOST_TEST(control.lr == static_cast<float>(static_cast<double>(0.1f) * 0.5));
}

BOOST_AUTO_TEST_CASE(refusals_with_their_messages) {
    fake_training_control control;
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.factor = 1.0}.on_train_begin(cn::logs{}, control)),
                          std::invalid_argument,
                          message_is("ctnet::reduce_lr_on_plateau: factor is 1.0; it must be < 1 (Keras: \"ReduceLROnPlateau "
                                     "does not support a factor >= 1.0\")"));
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.factor = std::numeric_limits<double>::quiet_NaN()}.on_train_begin(
                              cn::logs{}, control)),
                          std::invalid_argument,
                          message_is("ctnet::reduce_lr_on_plateau: factor is nan; it must be < 1 (Keras: \"ReduceLROnPlateau "
                                     "does not support a factor >= 1.0\")"));
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.mode = "Max"}.on_train_begin(cn::logs{}, control)), std::invalid_argument,
                          message_is("ctnet::reduce_lr_on_plateau: mode is \"Max\"; it must be \"auto\", \"min\" or \"max\" "
                                     "(Keras warns and falls back to \"auto\")"));
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.monitor = "learning_rate"}.on_train_begin(cn::logs{}, control)),
                          std::invalid_argument,
                          message_is("ctnet::reduce_lr_on_plateau: monitor is \"learning_rate\" and mode \"auto\" cannot tell "
                                     "whether it should be maximized or minimized (it knows loss and accuracy, with or "
                                     "without val_); pass .mode = \"max\" to monitor the highest value or .mode = \"min\" "
                                     "for the lowest"));
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.cooldown = -1}.on_train_begin(cn::logs{}, control)),
                          std::invalid_argument, message_is("ctnet::reduce_lr_on_plateau: cooldown is -1; it must be >= 0"));
    BOOST_CHECK_EXCEPTION((cn::reduce_lr_on_plateau{.min_lr = std::numeric_limits<double>::infinity()}.on_train_begin(
                              cn::logs{}, control)),
                          std::invalid_argument, message_is("ctnet::reduce_lr_on_plateau: min_lr is inf; it must be finite"));
}

BOOST_AUTO_TEST_CASE(a_scheduled_rate_cannot_be_reduced) {
    cn::reduce_lr_on_plateau r{.patience = 0};
    fake_training_control control;
    control.lr_is_schedule = true;
    r.on_train_begin(cn::logs{}, control);
    cn::logs l;
    l.set("val_loss", 1.0);
    BOOST_CHECK_NO_THROW(r.on_epoch_end(0, l, control));  // the first value is a best: nothing to set
    BOOST_CHECK_EXCEPTION(r.on_epoch_end(1, l, control), std::logic_error,
                          message_is("ctnet::reduce_lr_on_plateau: cannot set the learning rate (the optimizer's "
                                     "learning_rate is a schedule)"));
}

BOOST_AUTO_TEST_CASE(a_missing_monitor_warns_once_and_still_logs_the_rate) {
    cn::reduce_lr_on_plateau r{.patience = 0};
    fake_training_control control;
    std::vector<double> logged;
    const std::string warned = captured(std::cerr, [&] {
        r.on_train_begin(cn::logs{}, control);
        for (std::size_t e = 0; e < 3; ++e) {
            cn::logs l;
            l.set("loss", 1.0);
            r.on_epoch_end(e, l, control);
            logged.push_back(l["learning_rate"].value_or(-1.0));
        }
    });
    BOOST_TEST(warned == "ctnet::reduce_lr_on_plateau: warning: Learning rate reduction is conditioned on metric `val_loss` "
                         "which is not available. Available metrics are: loss,learning_rate.\n");
    BOOST_TEST(control.lr == 0.1f);
    for (double v : logged) BOOST_TEST(v == static_cast<double>(0.1f));
}

BOOST_AUTO_TEST_CASE(verbose_prints_keras_line) {
    cn::reduce_lr_on_plateau r{.factor = 0.5, .patience = 2, .verbose = 1};
    fake_training_control control;
    const std::string out =
        captured(std::cout, [&] { ctnet_test::drive(r, "val_loss", numbers({1.0, 0.9, 0.9, 0.9}), control); });
    // Python prints the double max(float(lr) * factor, min_lr): float(np.float32(0.1)) * 0.5
    BOOST_TEST(out == "\nEpoch 4: ReduceLROnPlateau reducing learning rate to 0.05000000074505806.\n");
}
