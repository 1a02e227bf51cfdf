// ctnet::schedule, the type of an optimizer's learning_rate: a constant, the built-in schedules and
// a user's callable; set_constant's refusal; check()'s messages (pinned as text) for the holder and
// for each schedule; one_cycle's momentum through the holder.
#define BOOST_TEST_MODULE schedule_holder
#include <boost/test/unit_test.hpp>

#include <ctnet/train/schedule.hpp>
#include <ctnet/train/schedules.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace cn = ctnet;

namespace {

// How an optimizer descriptor will hold it (struct adam { schedule learning_rate = 0.001f; ... }).
struct fake_optimizer {
    cn::schedule learning_rate = 0.001f;
    float beta_1 = 0.9f;
};

std::string check_message(const cn::schedule& s, const char* optimizer = "adam") {
    try {
        s.check(optimizer);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

template <class Schedule>
std::string own_message(const Schedule& s) {
    try {
        s.check();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

} // namespace

static_assert(cn::learning_rate_schedule<cn::exponential_decay>);
static_assert(cn::learning_rate_schedule<cn::inverse_time_decay>);
static_assert(cn::learning_rate_schedule<cn::piecewise_constant_decay>);
static_assert(cn::learning_rate_schedule<cn::cosine_decay>);
static_assert(cn::learning_rate_schedule<cn::cosine_decay_restarts>);
static_assert(cn::learning_rate_schedule<cn::one_cycle>);
static_assert(cn::learning_rate_schedule<float (*)(std::uint64_t)>);
static_assert(!cn::learning_rate_schedule<float>);
static_assert(!cn::learning_rate_schedule<int>);
static_assert(!cn::learning_rate_schedule<std::string>);
static_assert(std::is_copy_constructible_v<cn::schedule> && std::is_copy_assignable_v<cn::schedule>);
static_assert(std::is_convertible_v<float, cn::schedule> && std::is_convertible_v<cn::exponential_decay, cn::schedule>);

BOOST_AUTO_TEST_CASE(a_constant)
{
    const cn::schedule s = 0.01f;
    BOOST_TEST(s.is_constant());
    BOOST_TEST(s(0) == 0.01f);
    BOOST_TEST(s(123456) == 0.01f);
    BOOST_TEST(!s.momentum(0).has_value());
    BOOST_TEST(s.name() == "constant");
    const fake_optimizer defaults{};
    BOOST_TEST(defaults.learning_rate(7) == 0.001f);
    const fake_optimizer o{.learning_rate = 0.05f};
    BOOST_TEST(o.learning_rate(0) == 0.05f);
}

BOOST_AUTO_TEST_CASE(set_constant_changes_a_constant)
{
    cn::schedule s = 0.1f;
    s.set_constant(0.05f);
    BOOST_TEST(s(0) == 0.05f);
    BOOST_TEST(s.is_constant());
}

BOOST_AUTO_TEST_CASE(a_built_in_schedule)
{
    const cn::exponential_decay e{.initial_learning_rate = 0.01f, .decay_steps = 20'000, .decay_rate = 0.1f};
    const fake_optimizer o{.learning_rate = e};
    BOOST_TEST(!o.learning_rate.is_constant());
    BOOST_TEST(o.learning_rate.name() == "exponential_decay");
    for (const std::uint64_t step : {0u, 1u, 19'999u, 20'000u, 40'000u}) BOOST_TEST(o.learning_rate(step) == e(step));
    BOOST_TEST(o.learning_rate(20'000) == 0.001f);
    BOOST_TEST(!o.learning_rate.momentum(5).has_value());
    // A copy is independent and evaluates the same.
    fake_optimizer copy = o;
    BOOST_TEST(copy.learning_rate(10) == o.learning_rate(10));
}

BOOST_AUTO_TEST_CASE(a_lambda_and_a_function)
{
    const cn::schedule s{[](std::uint64_t step) { return 0.01f / (1 + step / 1000.0f); }};
    BOOST_TEST(!s.is_constant());
    BOOST_TEST(s.name() == "user-defined");
    BOOST_TEST(s(0) == 0.01f);
    BOOST_TEST(s(1000) == 0.005f);
    BOOST_TEST(check_message(s) == "(nothing thrown)");
    // A callable returning double is rounded to float once.
    const cn::schedule d{[](std::uint64_t step) { return 0.1 / static_cast<double>(step + 1); }};
    BOOST_TEST(d(2) == static_cast<float>(0.1 / 3.0));
    float (*fn)(std::uint64_t) = [](std::uint64_t step) { return step < 10 ? 0.1f : 0.01f; };
    const fake_optimizer o{.learning_rate = fn};
    BOOST_TEST(o.learning_rate(9) == 0.1f);
    BOOST_TEST(o.learning_rate(10) == 0.01f);
    // A stateful callable is copied; std::ref keeps the user's object.
    int calls = 0;
    const auto counting = [&calls](std::uint64_t) { ++calls; return 0.5f; };
    const cn::schedule by_ref{std::cref(counting)};
    BOOST_TEST(by_ref(0) == 0.5f);
    BOOST_TEST(calls == 1);
}

BOOST_AUTO_TEST_CASE(set_constant_refuses_a_schedule)
{
    cn::schedule s = cn::cosine_decay{.initial_learning_rate = 0.1f, .decay_steps = 1000};
    std::string what;
    try {
        s.set_constant(0.01f);
    } catch (const std::logic_error& e) {
        what = e.what();
    }
    BOOST_TEST(what ==
               "ctnet::schedule: the learning rate is a cosine_decay schedule, so it cannot be set (Keras: \"This "
               "optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor "
               "argument, hence its learning rate is not settable\"); use a constant learning_rate to let a callback "
               "change it");
    BOOST_TEST(s(0) == 0.1f);  // unchanged
    cn::schedule user{[](std::uint64_t) { return 1.0f; }};
    BOOST_CHECK_THROW(user.set_constant(0.5f), std::logic_error);
    // Assigning a whole new value is allowed (it is not a callback setting the rate).
    s = 0.02f;
    BOOST_TEST(s.is_constant());
}

BOOST_AUTO_TEST_CASE(check_of_a_constant_keeps_the_optimizer_message)
{
    // The message detail::hyperparameter_check gives (tests/unit/network/fit_arguments.cpp pins it).
    BOOST_TEST(check_message(0.001f) == "(nothing thrown)");
    BOOST_TEST(check_message(0.0f) == "(nothing thrown)");
    BOOST_TEST(check_message(-0.01f, "sgd") == "ctnet::sgd: learning_rate is -0.010000; it must be finite and >= 0");
    BOOST_TEST(check_message(std::numeric_limits<float>::quiet_NaN(), "adam").find("ctnet::adam: learning_rate is nan") ==
               0u);
    BOOST_TEST(check_message(std::numeric_limits<float>::infinity(), "rmsprop")
                   .find("ctnet::rmsprop: learning_rate is inf") == 0u);
}

BOOST_AUTO_TEST_CASE(check_of_a_schedule_names_the_optimizer_and_the_field)
{
    BOOST_TEST(check_message(cn::exponential_decay{.initial_learning_rate = 0.01f, .decay_rate = 0.1f}) ==
               "ctnet::adam: learning_rate: ctnet::exponential_decay: decay_steps is 0; it must be > 0");
    BOOST_TEST(check_message(cn::inverse_time_decay{.initial_learning_rate = 0.01f, .decay_steps = 10, .decay_rate = -1.0f},
                             "sgd") ==
               "ctnet::sgd: learning_rate: ctnet::inverse_time_decay: decay_rate is -1.000000; it must be finite and >= 0");
    BOOST_TEST(check_message(cn::piecewise_constant_decay{.boundaries = {5, 1000}, .values = {0.1f, 0.01f}}) ==
               "ctnet::adam: learning_rate: ctnet::piecewise_constant_decay: values has 2 entries and boundaries 2; "
               "values must have one more entry than boundaries (as Keras requires)");
    BOOST_TEST(check_message(cn::one_cycle{}) == "ctnet::adam: learning_rate: ctnet::one_cycle: total_steps is 0; it must be > 0");
    BOOST_TEST(check_message(cn::cosine_decay{.initial_learning_rate = 0.1f, .decay_steps = 10}) == "(nothing thrown)");
}

BOOST_AUTO_TEST_CASE(each_schedule_checks_its_fields)
{
    using pcd = cn::piecewise_constant_decay;
    BOOST_TEST(own_message(pcd{.boundaries = {5, 5}, .values = {0.1f, 0.01f, 0.001f}}) ==
               "ctnet::piecewise_constant_decay: boundaries[1] is 5 after 5; boundaries must be strictly increasing");
    BOOST_TEST(own_message(pcd{.boundaries = {10, 5}, .values = {0.1f, 0.01f, 0.001f}}) ==
               "ctnet::piecewise_constant_decay: boundaries[1] is 5 after 10; boundaries must be strictly increasing");
    BOOST_TEST(own_message(pcd{.boundaries = {5}, .values = {0.1f, -0.01f}}) ==
               "ctnet::piecewise_constant_decay: values[1] is -0.010000; it must be finite and >= 0");
    BOOST_TEST(own_message(pcd{.boundaries = {}, .values = {}}) ==
               "ctnet::piecewise_constant_decay: values has 0 entries and boundaries 0; values must have one more "
               "entry than boundaries (as Keras requires)");
    BOOST_TEST(own_message(cn::inverse_time_decay{.initial_learning_rate = 0.01f, .decay_rate = 1.0f}) ==
               "ctnet::inverse_time_decay: decay_steps is 0; it must be > 0");
    BOOST_TEST(own_message(cn::exponential_decay{.initial_learning_rate = -0.01f, .decay_steps = 1, .decay_rate = 0.5f}) ==
               "ctnet::exponential_decay: initial_learning_rate is -0.010000; it must be finite and >= 0");
    BOOST_TEST(own_message(cn::cosine_decay{.initial_learning_rate = 0.1f}) ==
               "ctnet::cosine_decay: decay_steps is 0; it must be > 0");
    BOOST_TEST(own_message(cn::cosine_decay{.initial_learning_rate = 0.1f, .decay_steps = 10, .alpha = 2.0f}) ==
               "ctnet::cosine_decay: alpha is 2.000000; it must be in [0, 1]");
    BOOST_TEST(own_message(cn::cosine_decay{.initial_learning_rate = 0.0f, .decay_steps = 10, .warmup_target = -0.1f,
                                            .warmup_steps = 5}) ==
               "ctnet::cosine_decay: warmup_target is -0.100000; it must be finite and >= 0");
    BOOST_TEST(own_message(cn::cosine_decay_restarts{.initial_learning_rate = 0.1f}) ==
               "ctnet::cosine_decay_restarts: first_decay_steps is 0; it must be > 0");
    BOOST_TEST(own_message(cn::cosine_decay_restarts{.initial_learning_rate = 0.1f, .first_decay_steps = 10, .t_mul = 0.5f}) ==
               "ctnet::cosine_decay_restarts: t_mul is 0.500000; it must be finite and >= 1");
    BOOST_TEST(own_message(cn::cosine_decay_restarts{.initial_learning_rate = 0.1f, .first_decay_steps = 10, .alpha = -0.1f}) ==
               "ctnet::cosine_decay_restarts: alpha is -0.100000; it must be in [0, 1]");
}

BOOST_AUTO_TEST_CASE(piecewise_boundaries_belong_to_the_left_interval)
{
    const cn::piecewise_constant_decay p{.boundaries = {5, 1000}, .values = {0.1f, 0.01f, 0.001f}};
    BOOST_TEST(p(0) == 0.1f);
    BOOST_TEST(p(5) == 0.1f);
    BOOST_TEST(p(6) == 0.01f);
    BOOST_TEST(p(1000) == 0.01f);
    BOOST_TEST(p(1001) == 0.001f);
    const cn::piecewise_constant_decay one{.boundaries = {}, .values = {0.3f}};
    BOOST_TEST(own_message(one) == "(nothing thrown)");
    BOOST_TEST(one(0) == 0.3f);
    BOOST_TEST(one(99) == 0.3f);
}

BOOST_AUTO_TEST_CASE(cosine_restart_index_as_keras_computes_it)
{
    // Period i of first_decay_steps * t_mul^i steps: with 100 and t_mul 2 the restarts are at
    // 100, 300, 700, 1500, 3100; t_mul 1.5 at 10, 25, 47.5 (step 48), 81.25 (step 82).
    const cn::cosine_decay_restarts r{.initial_learning_rate = 0.1f, .first_decay_steps = 100};
    const std::uint64_t starts[] = {0, 100, 300, 700, 1500, 3100, 6300};
    for (std::uint64_t i = 0; i + 1 < std::size(starts); ++i) {
        BOOST_TEST(r.restart_index(starts[i]) == i);
        BOOST_TEST(r.restart_index(starts[i + 1] - 1) == i);
        BOOST_TEST(r(starts[i]) == 0.1f, "the full peak at restart " << i);
    }
    const cn::cosine_decay_restarts r15{.initial_learning_rate = 0.1f, .first_decay_steps = 10, .t_mul = 1.5f};
    BOOST_TEST(r15.restart_index(9) == 0u);
    BOOST_TEST(r15.restart_index(10) == 1u);
    BOOST_TEST(r15.restart_index(24) == 1u);
    BOOST_TEST(r15.restart_index(25) == 2u);
    BOOST_TEST(r15.restart_index(47) == 2u);
    BOOST_TEST(r15.restart_index(48) == 3u);
    BOOST_TEST(r15.restart_index(81) == 3u);
    BOOST_TEST(r15.restart_index(82) == 4u);
    const cn::cosine_decay_restarts r1{.initial_learning_rate = 0.1f, .first_decay_steps = 10, .t_mul = 1.0f};
    BOOST_TEST(r1.restart_index(9) == 0u);
    BOOST_TEST(r1.restart_index(10) == 1u);
    BOOST_TEST(r1(20) == 0.1f);
}

BOOST_AUTO_TEST_CASE(cosine_restarts_round_like_keras_at_large_steps)
{
    // Where the float32 logarithm rounds across an integer Keras restarts a step late or early.
    // These values were observed with Keras 3.15.1 on JAX 0.10.2 (CPU), eager and jit-compiled
    // alike: CosineDecayRestarts(0.1, first, t_mul)(jnp.int32(step)). An exact integer index
    // gives the other value at each of them.
    struct observed {
        std::uint64_t first;
        float t_mul;
        std::uint64_t step;
        float keras;
    };
    const observed cases[] = {
        {1, 2.0f, 8190, 1.4901161193847656e-08f}, {1, 2.0f, 8191, 0.0f},      // late: 8191 = 2^13 - 1 starts period 13
        {1, 2.0f, 8192, 0.10000000149011612f},    {1, 2.0f, 32767, 0.0f},     // late
        {100, 2.0f, 819100, 0.0f},                                             // late
        {7, 1.5f, 1193103, 0.10000000149011612f},                              // early
        {3, 2.0f, 1572860, 0.10000000149011612f},                              // early
    };
    for (const auto& c : cases) {
        const cn::cosine_decay_restarts r{.initial_learning_rate = 0.1f, .first_decay_steps = c.first, .t_mul = c.t_mul};
        BOOST_TEST(std::abs(r(c.step) - c.keras) <= 1e-6f * 0.1f,
                   "first " << c.first << ", t_mul " << c.t_mul << ", step " << c.step << ": ctnet " << r(c.step)
                            << ", Keras " << c.keras);
    }
}
