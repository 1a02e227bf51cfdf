// The book's 1cycle (ctnet::one_cycle): Keras has no 1cycle, so there is no Keras oracle; the rate
// and the momentum are checked against the book's formulation (Géron, Hands-On ML, ch. 11, its
// OneCycleScheduler) at the phase boundaries, written out here by hand, and for monotonicity
// within each phase.
#define BOOST_TEST_MODULE one_cycle
#include <boost/test/unit_test.hpp>

#include <ctnet/train/schedule.hpp>
#include <ctnet/train/schedules.hpp>

#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace cn = ctnet;

namespace {

// One float32 rounding of a value computed in double (the book's Python float put into a float32
// variable): within an ulp, and a little for the division order.
bool close(float got, double want) { return std::abs(static_cast<double>(got) - want) <= 2e-7 * std::abs(want); }

std::string message_of(const cn::one_cycle& c) {
    try {
        c.check();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(nothing thrown)";
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_are_the_books)
{
    // The book: start_lr = max_lr / 10, last_iterations = iterations // 10 + 1,
    // half_iteration = (iterations - last_iterations) // 2, last_lr = start_lr / 1000.
    const cn::one_cycle c{.total_steps = 1000, .max_learning_rate = 0.05f};
    BOOST_TEST(c.final_phase_steps() == 101u);
    BOOST_TEST(c.half_steps() == 449u);  // (1000 - 101) / 2
    BOOST_TEST(close(static_cast<float>(c.start_rate()), 0.005));
    BOOST_TEST(close(static_cast<float>(c.last_rate()), 0.000005));
    BOOST_TEST(cn::one_cycle{}.max_learning_rate == 1e-3f);
    BOOST_TEST(cn::one_cycle{}.max_momentum == 0.95f);
    BOOST_TEST(cn::one_cycle{}.min_momentum == 0.85f);
}

BOOST_AUTO_TEST_CASE(rate_at_the_phase_boundaries)
{
    const cn::one_cycle c{.total_steps = 1000, .max_learning_rate = 0.05f};
    const double top = 0.05f, start = top / 10, last = start / 1000;
    const std::uint64_t half = 449;
    BOOST_TEST(close(c(0), start));
    BOOST_TEST(close(c(half / 2), (top - start) * (half / 2) / half + start));
    BOOST_TEST(close(c(half - 1), (top - start) * (half - 1) / half + start));
    BOOST_TEST(close(c(half), top));  // the peak is the first step of the fall
    BOOST_TEST(close(c(half + 1), (start - top) * 1 / half + top));
    BOOST_TEST(close(c(2 * half - 1), (start - top) * (half - 1) / half + top));
    BOOST_TEST(close(c(2 * half), start));  // 898: the final phase starts at start_learning_rate
    BOOST_TEST(close(c(950), (last - start) * (950 - 2 * half) / (1000 - 2 * half) + start));
    BOOST_TEST(close(c(999), (last - start) * (999 - 2 * half) / (1000 - 2 * half) + start));
    BOOST_TEST(close(c(1000), last));
    // After total_steps the rate stays at last (the book's callback would keep extrapolating).
    BOOST_TEST(close(c(1001), last));
    BOOST_TEST(close(c(1'000'000), last));
}

BOOST_AUTO_TEST_CASE(explicit_fields_replace_the_defaults)
{
    const cn::one_cycle c{.total_steps = 100, .max_learning_rate = 0.1f, .start_learning_rate = 0.02f,
                          .last_steps = 20, .last_learning_rate = 0.0f};
    BOOST_TEST(c.half_steps() == 40u);
    BOOST_TEST(close(c(0), 0.02f));
    BOOST_TEST(close(c(40), 0.1f));
    BOOST_TEST(close(c(80), 0.02f));
    BOOST_TEST(c(100) == 0.0f);  // an explicit 0 is kept (the book's `last_lr or ...` would not)
    BOOST_TEST(close(c(90), 0.01f));
}

BOOST_AUTO_TEST_CASE(monotonic_in_each_phase)
{
    for (const std::uint64_t total : {1u, 2u, 11u, 12u, 100u, 1000u, 1001u}) {
        const cn::one_cycle c{.total_steps = total, .max_learning_rate = 0.01f};
        BOOST_REQUIRE_NO_THROW(c.check());
        const auto half = c.half_steps();
        for (std::uint64_t s = 1; s < half; ++s) {
            BOOST_TEST(c(s) > c(s - 1), "total " << total << ": the rate rises at step " << s);
            BOOST_TEST(c.momentum(s) < c.momentum(s - 1), "total " << total << ": momentum falls at step " << s);
        }
        for (std::uint64_t s = half + 1; s < 2 * half; ++s) {
            BOOST_TEST(c(s) < c(s - 1), "total " << total << ": the rate falls at step " << s);
            BOOST_TEST(c.momentum(s) > c.momentum(s - 1), "total " << total << ": momentum rises at step " << s);
        }
        for (std::uint64_t s = 2 * half + 1; s <= total; ++s) {
            BOOST_TEST(c(s) < c(s - 1), "total " << total << ": the rate falls to last at step " << s);
            BOOST_TEST(c.momentum(s) == 0.95f);
        }
        BOOST_TEST(close(c(total), c.last_rate()));
        BOOST_TEST(c(total + 5) == c(total));
    }
}

BOOST_AUTO_TEST_CASE(momentum_moves_against_the_rate)
{
    const cn::one_cycle c{.total_steps = 1000, .max_learning_rate = 0.05f};
    const std::uint64_t half = 449;
    BOOST_TEST(c.momentum(0) == 0.95f);
    BOOST_TEST(close(c.momentum(half), 0.85f));   // lowest where the rate peaks
    BOOST_TEST(close(c.momentum(half / 2), (0.85f - 0.95f) * double(half / 2) / half + 0.95f));
    BOOST_TEST(close(c.momentum(2 * half - 1), (0.95f - 0.85f) * double(half - 1) / half + 0.85f));
    BOOST_TEST(c.momentum(2 * half) == 0.95f);    // the final phase keeps the maximum
    BOOST_TEST(c.momentum(999) == 0.95f);
    BOOST_TEST(c.momentum(5000) == 0.95f);
    const cn::schedule s = c;
    BOOST_TEST(s.momentum(half).has_value());
    BOOST_TEST(*s.momentum(half) == c.momentum(half));
}

BOOST_AUTO_TEST_CASE(check_messages)
{
    BOOST_TEST(message_of({.total_steps = 100}) == "(nothing thrown)");
    BOOST_TEST(message_of({}) == "ctnet::one_cycle: total_steps is 0; it must be > 0");
    BOOST_TEST(message_of({.total_steps = 10, .last_steps = 11}) ==
               "ctnet::one_cycle: last_steps is 11; it must be <= total_steps (10)");
    BOOST_TEST(message_of({.total_steps = 10, .max_learning_rate = -1.0f}) ==
               "ctnet::one_cycle: max_learning_rate is -1.000000; it must be finite and >= 0");
    BOOST_TEST(message_of({.total_steps = 10, .max_momentum = 1.5f}) ==
               "ctnet::one_cycle: max_momentum is 1.500000; it must be in [0, 1]");
    BOOST_TEST(message_of({.total_steps = 10, .max_momentum = 0.8f}) ==
               "ctnet::one_cycle: min_momentum is 0.850000; it must be <= max_momentum (0.800000)");
}
