// Reading the committed reference vectors (tests/reference/*.json): one named case, and a tensor's values.
#pragma once

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace ctnet_test {

// The case called `name` in tests/reference/<file> (the generators write {"cases": [{"name": ...}]}).
inline nlohmann::json load_reference_case(const std::string& file, const std::string& name) {
    std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/" + file);
    BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
    const auto all = nlohmann::json::parse(in);
    for (const auto& c : all["cases"])
        if (c["name"] == name) return c;
    BOOST_FAIL("no case " + name + " in " + file);
    return {};
}

// A tensor as the generators write it: {"shape": [...], "data": [flat floats]}.
inline std::vector<float> values(const nlohmann::json& tensor) { return tensor["data"].get<std::vector<float>>(); }

} // namespace ctnet_test
