// Activation kernels and VarianceScaling formulas against the Keras 3 reference vectors.
#define BOOST_TEST_MODULE reference_activations
#include <boost/test/unit_test.hpp>

#include <activation_tolerances.hpp>

#include <ctnet/kernels/elu.hpp>
#include <ctnet/kernels/gelu.hpp>
#include <ctnet/kernels/leaky_relu.hpp>
#include <ctnet/kernels/linear.hpp>
#include <ctnet/kernels/mish.hpp>
#include <ctnet/kernels/prelu.hpp>
#include <ctnet/kernels/relu.hpp>
#include <ctnet/kernels/rrelu.hpp>
#include <ctnet/kernels/selu.hpp>
#include <ctnet/kernels/sigmoid.hpp>
#include <ctnet/kernels/softmax.hpp>
#include <ctnet/kernels/swish.hpp>
#include <ctnet/kernels/tanh_act.hpp>
#include <ctnet/kernels/variance_scaling.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace k = ctnet::kernels;
namespace tol = ctnet::test::activation_math;
using json = nlohmann::json;

namespace {

json load(const std::string& file) {
    std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/" + file);
    BOOST_REQUIRE_MESSAGE(in, "cannot open " << file);
    return json::parse(in);
}

std::vector<float> tensor(const json& t) { return t.at("data").get<std::vector<float>>(); }

bool close(double got, double want, tol::tolerance t) { return std::abs(got - want) <= t.abs + t.rel * std::abs(want); }

// Runs forward and backward (upstream w, so grad_x = w f'(x)) of a kernel on one case.
template <class K>
void check(const json& c, const K& kernel, bool oracle_cancels_like_tanh_gelu = false) {
    const std::vector<float> x = tensor(c.at("x")), y_want = tensor(c.at("y")), w = tensor(c.at("w")),
                             g_want = tensor(c.at("grad_x"));
    std::vector<float> y(x.size()), g(x.size());
    kernel.forward(x.data(), y.data(), x.size());
    kernel.backward(x.data(), y.data(), w.data(), g.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        BOOST_TEST_CONTEXT(c.at("name").get<std::string>() << " x=" << x[i] << " y=" << y[i] << " keras " << y_want[i]
                                                           << " grad=" << g[i] << " keras " << g_want[i]) {
            tol::tolerance tf = tol::keras_forward, tg = tol::keras_gradient;
            if (oracle_cancels_like_tanh_gelu) {
                const double ax = std::abs(double(x[i])), du = 0.7978845608 * (1 + 3 * 0.044715 * ax * ax);
                tf.abs += ax * tol::keras_gelu_tanh_forward_abs_per_x;
                tg.abs += std::abs(double(w[i])) * ax * du * tol::keras_gelu_tanh_gradient_abs_per_x_du;
            }
            BOOST_TEST(close(y[i], y_want[i], tf));
            BOOST_TEST(close(g[i], g_want[i], tg));
        }
}

} // namespace

BOOST_AUTO_TEST_CASE(every_activation_matches_keras) {
    const json doc = load("activations.json");
    BOOST_TEST(doc.at("dtype").get<std::string>() == "float32");
    std::set<std::string> seen;
    for (const json& c : doc.at("cases")) {
        const std::string a = c.at("activation").get<std::string>();
        seen.insert(a);
        if (a == "linear") check(c, k::linear{});
        else if (a == "sigmoid") check(c, k::sigmoid{});
        else if (a == "tanh") check(c, k::tanh_act{});
        else if (a == "relu") check(c, k::relu{});
        else if (a == "leaky_relu") check(c, k::leaky_relu{c.at("negative_slope").get<float>()});
        else if (a == "elu") check(c, k::elu{c.at("alpha").get<float>()});
        else if (a == "selu") {
            BOOST_TEST(k::selu::alpha == c.at("alpha").get<float>());
            BOOST_TEST(k::selu::scale == c.at("scale").get<float>());
            check(c, k::selu{});
        } else if (a == "gelu") {
            const bool approximate = c.at("approximate").get<bool>();
            check(c, k::gelu{approximate}, approximate);
        }
        else if (a == "swish") check(c, k::swish{});
        else if (a == "mish") check(c, k::mish{});
        else if (a == "rrelu") {
            const k::rrelu r{c.at("lower").get<float>(), c.at("upper").get<float>()};
            BOOST_TEST(r.inference_slope() == c.at("negative_slope").get<float>());
            check(c, r);
        } else if (a == "softmax") {
            check(c, k::softmax{c.at("x").at("shape").at(1).get<std::size_t>()});
        } else if (a == "prelu") {
            const std::vector<float> alpha = tensor(c.at("alpha_vector")), ga_want = tensor(c.at("grad_alpha"));
            const k::prelu p{alpha.data(), alpha.size()};
            check(c, p);
            const std::vector<float> x = tensor(c.at("x")), w = tensor(c.at("w"));
            std::vector<float> ga(alpha.size(), 0.0f);
            p.accumulate_alpha_gradient(x.data(), w.data(), ga.data(), x.size());
            for (std::size_t j = 0; j < ga.size(); ++j)
                BOOST_TEST_CONTEXT("prelu grad_alpha[" << j << "]") { BOOST_TEST(close(ga[j], ga_want[j], tol::keras_gradient)); }
        } else {
            BOOST_ERROR("reference case with an activation this test does not know: " << a);
        }
    }
    // Every kernel is covered by the file (a regenerated file that drops one fails here).
    for (const char* a : {"linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "mish",
                          "rrelu", "softmax", "prelu"})
        BOOST_TEST(seen.count(a) == 1u, a);
}

BOOST_AUTO_TEST_CASE(variance_scaling_formulas_match_keras_and_describe_its_draws) {
    const json doc = load("initializers.json");
    std::size_t n_cases = 0;
    for (const json& c : doc.at("cases")) {
        ++n_cases;
        const std::string mode_s = c.at("mode").get<std::string>(), dist_s = c.at("distribution").get<std::string>();
        const k::fan_mode mode = mode_s == "fan_in" ? k::fan_mode::fan_in
                                 : mode_s == "fan_out" ? k::fan_mode::fan_out
                                                       : k::fan_mode::fan_avg;
        const k::distribution dist = dist_s == "uniform" ? k::distribution::uniform
                                     : dist_s == "truncated_normal" ? k::distribution::truncated_normal
                                                                    : k::distribution::untruncated_normal;
        const auto p = k::variance_scaling_spread(c.at("fan_in").get<std::size_t>(), c.at("fan_out").get<std::size_t>(),
                                                  c.at("scale").get<double>(), mode, dist);
        const auto near = [](double a, double b) { return std::abs(a - b) <= 1e-12 * std::abs(b); };
        BOOST_TEST_CONTEXT(c.at("name").get<std::string>()) {
            BOOST_TEST(near(p.target_std, c.at("target_std").get<double>()));
            if (dist == k::distribution::uniform) BOOST_TEST(near(p.bound, c.at("limit").get<double>()));
            if (dist == k::distribution::truncated_normal) {
                BOOST_TEST(near(p.stddev, c.at("stddev_before_truncation").get<double>()));
                BOOST_TEST(near(p.bound, c.at("truncation_bound").get<double>()));
            }
            // Keras's own draws obey our bound and spread (statistics only: bits differ by design).
            const double n = c.at("sample_count").get<double>();
            BOOST_TEST(std::abs(c.at("sample_max").get<double>()) <= p.bound * (1 + tol::ulp));
            BOOST_TEST(std::abs(c.at("sample_min").get<double>()) <= p.bound * (1 + tol::ulp));
            BOOST_TEST(std::abs(c.at("sample_std").get<double>() - p.target_std) <=
                       tol::moment_z * p.target_std * std::sqrt(2.0 / (4 * n)));
            BOOST_TEST(std::abs(c.at("sample_mean").get<double>()) <= tol::moment_z * p.target_std / std::sqrt(n));
        }
    }
    BOOST_TEST(n_cases >= 18u);
}
