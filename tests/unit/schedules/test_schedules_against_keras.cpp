// Every schedule case of tests/reference/schedules.json (Keras 3.15.1 on JAX, float32), rebuilt
// from its get_config() as a ctnet descriptor and evaluated at every listed step, both directly and
// through ctnet::schedule.
#define BOOST_TEST_MODULE schedules_against_keras
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <ctnet/train/schedule.hpp>
#include <ctnet/train/schedules.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace cn = ctnet;
namespace bdata = boost::unit_test::data;

namespace {

const nlohmann::json& reference() {
    static const nlohmann::json all = [] {
        std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/schedules.json");
        if (!in.good()) throw std::runtime_error("cannot read tests/reference/schedules.json");
        return nlohmann::json::parse(in);
    }();
    return all;
}

// The schedule cases (the file also holds training cases, whose "schedule" is an object).
std::vector<std::string> schedule_case_names() {
    std::vector<std::string> names;
    for (const auto& c : reference()["cases"])
        if (c["schedule"].is_string()) names.push_back(c["name"].get<std::string>());
    return names;
}

const nlohmann::json& find_case(const std::string& name) {
    for (const auto& c : reference()["cases"])
        if (c["name"] == name) return c;
    throw std::runtime_error("no case " + name);
}

std::uint64_t steps(const nlohmann::json& v) { return v.get<std::uint64_t>(); }
float f32(const nlohmann::json& v) { return static_cast<float>(v.get<double>()); }

// Keras's class and get_config() as a ctnet schedule.
cn::schedule from_keras(const std::string& cls, const nlohmann::json& k) {
    if (cls == "InverseTimeDecay")
        return cn::inverse_time_decay{.initial_learning_rate = f32(k["initial_learning_rate"]),
                                      .decay_steps = steps(k["decay_steps"]),
                                      .decay_rate = f32(k["decay_rate"]),
                                      .staircase = k["staircase"].get<bool>()};
    if (cls == "ExponentialDecay")
        return cn::exponential_decay{.initial_learning_rate = f32(k["initial_learning_rate"]),
                                     .decay_steps = steps(k["decay_steps"]),
                                     .decay_rate = f32(k["decay_rate"]),
                                     .staircase = k["staircase"].get<bool>()};
    if (cls == "PiecewiseConstantDecay") {
        cn::piecewise_constant_decay p;
        for (const auto& b : k["boundaries"]) p.boundaries.push_back(steps(b));
        for (const auto& v : k["values"]) p.values.push_back(f32(v));
        return p;
    }
    if (cls == "CosineDecay") {
        cn::cosine_decay c{.initial_learning_rate = f32(k["initial_learning_rate"]),
                           .decay_steps = steps(k["decay_steps"]),
                           .alpha = f32(k["alpha"]),
                           .warmup_target = std::nullopt,
                           .warmup_steps = steps(k["warmup_steps"])};
        if (!k["warmup_target"].is_null()) c.warmup_target = f32(k["warmup_target"]);
        return c;
    }
    if (cls == "CosineDecayRestarts")
        return cn::cosine_decay_restarts{.initial_learning_rate = f32(k["initial_learning_rate"]),
                                         .first_decay_steps = steps(k["first_decay_steps"]),
                                         .t_mul = f32(k["t_mul"]),
                                         .m_mul = f32(k["m_mul"]),
                                         .alpha = f32(k["alpha"])};
    throw std::runtime_error("no ctnet schedule for Keras's " + cls);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_file_has_the_twelve_schedule_cases)
{
    BOOST_TEST(schedule_case_names().size() == 12u);
}

BOOST_DATA_TEST_CASE(keras_value_at_every_listed_step, bdata::make(schedule_case_names()), name)
{
    const nlohmann::json& c = find_case(name);
    const cn::schedule s = from_keras(c["schedule"].get<std::string>(), c["config"]);
    BOOST_TEST(!s.is_constant());
    BOOST_CHECK_NO_THROW(s.check("sgd"));
    const double rtol = c["tolerance"].get<double>();
    const nlohmann::json& at = c["at_steps"];
    const nlohmann::json& want = c["learning_rate"];
    BOOST_TEST_REQUIRE(at.size() == want.size());
    BOOST_TEST_REQUIRE(at.size() == 20u);
    for (std::size_t i = 0; i < at.size(); ++i) {
        const std::uint64_t step = steps(at[i]);
        const double w = want[i].get<double>();
        const double got = s(step);
        BOOST_TEST(std::abs(got - w) <= rtol * std::abs(w),
                   name << " at step " << step << ": ctnet " << got << ", Keras " << w << " (relative difference "
                        << std::abs(got - w) / std::abs(w) << ")");
    }
}
