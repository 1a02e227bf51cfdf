// Reading tests/reference/callbacks.json: the cases of one Keras callback, and its null-for-NaN numbers.
#pragma once

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace ctnet_test {

inline std::vector<nlohmann::json> callbacks_cases(const std::string& keras_class) {
    std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/callbacks.json");
    BOOST_TEST_REQUIRE(in.good(), "cannot read callbacks.json");
    const auto all = nlohmann::json::parse(in);
    std::vector<nlohmann::json> out;
    for (const auto& c : all["cases"])
        if (c["callback"] == keras_class) out.push_back(c);
    return out;
}

/// A list where null stands for NaN (or for Keras's None).
inline std::vector<std::optional<double>> nullable_numbers(const nlohmann::json& j) {
    std::vector<std::optional<double>> out;
    for (const auto& v : j) out.push_back(v.is_null() ? std::nullopt : std::optional<double>(v.get<double>()));
    return out;
}

/// Keras's `best` after an epoch against the JSON: null is None (nothing monitored yet) or NaN.
inline bool same_best(const std::optional<double>& got, const std::optional<double>& want) {
    if (!want) return !got || std::isnan(*got);
    return got && *got == *want;
}

inline bool close_rel(double got, double want, double rtol) { return std::abs(got - want) <= rtol * std::abs(want); }

} // namespace ctnet_test
