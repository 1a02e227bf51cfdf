// A dense layer forward and backward through ctnet's kernels (GEMM with the bias+activation
// epilogue, activation derivative, weight/input-gradient GEMMs) against Keras 3's Dense and
// jax.grad (tests/reference/dense.json).
#define BOOST_TEST_MODULE dense_against_keras
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/gemm.hpp>
#include <ctnet/kernels/linear.hpp>
#include <ctnet/kernels/relu.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

constexpr std::size_t in = 5, units = 4, batch = 3;
constexpr double tolerance = 1e-5;  // float32 sums of 5 products of values ~1: a few ulps

std::vector<float> values(const nlohmann::json& t) { return t.at("data").get<std::vector<float>>(); }

template <class Act>
void check(const nlohmann::json& c, Act act) {
    const auto w = values(c["kernel"]), b = values(c["bias"]), x = values(c["x"]), up = values(c["upstream"]);
    std::vector<float> z(batch * units), y(batch * units);
    ctnet::kernels::gemm_nn<in, units>(batch, x.data(), w.data(), z.data(),
                                       [&](std::size_t r0, std::size_t r1, std::size_t c0, std::size_t c1) {
                                           for (std::size_t r = r0; r < r1; ++r)
                                               for (std::size_t k = c0; k < c1; ++k) z[r * units + k] += b[k];
                                       });
    act.forward(z.data(), y.data(), y.size());
    std::vector<float> dz(batch * units), dw(in * units), db(units, 0.0f), dx(batch * in);
    act.backward(z.data(), y.data(), up.data(), dz.data(), dz.size());
    ctnet::kernels::gemm_tn<in, units>(batch, x.data(), dz.data(), dw.data());
    for (std::size_t r = 0; r < batch; ++r)
        for (std::size_t k = 0; k < units; ++k) db[k] += dz[r * units + k];
    ctnet::kernels::gemm_nt<in, units>(batch, dz.data(), w.data(), dx.data());
    auto same = [&](const std::vector<float>& got, const nlohmann::json& want, const char* what) {
        const auto v = values(want);
        BOOST_TEST_REQUIRE(got.size() == v.size());
        for (std::size_t i = 0; i < v.size(); ++i)
            BOOST_TEST(std::abs(got[i] - v[i]) <= tolerance * (1 + std::abs(v[i])),
                       c["name"].get<std::string>() << " " << what << "[" << i << "]: " << got[i] << " vs Keras " << v[i]);
    };
    same(y, c["y"], "y");
    same(dw, c["grad_kernel"], "grad_kernel");
    same(db, c["grad_bias"], "grad_bias");
    same(dx, c["grad_x"], "grad_x");
}

} // namespace

BOOST_AUTO_TEST_CASE(dense_forward_backward) {
    std::ifstream file(std::string(CTNET_REFERENCE_DIR) + "/dense.json");
    BOOST_TEST_REQUIRE(file.good());
    const auto all = nlohmann::json::parse(file);
    std::size_t cases = 0;
    for (const auto& c : all["cases"]) {
        BOOST_TEST_REQUIRE(c["in"].get<std::size_t>() == in);
        BOOST_TEST_REQUIRE(c["units"].get<std::size_t>() == units);
        BOOST_TEST_REQUIRE(c["batch"].get<std::size_t>() == batch);
        if (c["activation"] == "relu") check(c, ctnet::kernels::relu{});
        else check(c, ctnet::kernels::linear{});
        ++cases;
    }
    BOOST_TEST(cases == 2u);
}
