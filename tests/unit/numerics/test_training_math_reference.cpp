// Loss and batch-norm kernels against Keras 3's reference vectors (tests/reference/*.json).
#define BOOST_TEST_MODULE training_math_reference
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/batch_norm.hpp>
#include <ctnet/kernels/binary_crossentropy.hpp>
#include <ctnet/kernels/categorical_crossentropy.hpp>
#include <ctnet/kernels/mean_squared_error.hpp>
#include <ctnet/kernels/sparse_categorical_crossentropy.hpp>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;
using json = nlohmann::json;

namespace {

json load(const std::string& file)
{
    std::ifstream in(std::string(CTNET_REFERENCE_DIR) + "/" + file);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << file);
    json j = json::parse(in);
    BOOST_TEST_REQUIRE(j.at("cases").size() > 0u);
    return j;
}

std::vector<float> data(const json& tensor) { return tensor.at("data").get<std::vector<float>>(); }
std::vector<std::size_t> shape(const json& tensor) { return tensor.at("shape").get<std::vector<std::size_t>>(); }

std::vector<std::int32_t> labels(const json& tensor)
{
    std::vector<std::int32_t> out;
    for (const float x : data(tensor)) out.push_back(static_cast<std::int32_t>(x));
    return out;
}

template <std::size_t N>
void check_loss_case(const json& c)
{
    const std::string loss = c.at("loss");
    const bool from_logits = c.at("from_logits");
    const std::string name = c.at("name");
    const auto pred = data(c.at("y_pred"));
    const std::size_t m = shape(c.at("y_pred"))[0];
    const double value = c.at("value");
    const auto want_grad = data(c.at("grad_y_pred"));
    std::vector<float> grad(pred.size());
    k::loss_sums r;
    if (loss == "sparse_categorical_crossentropy") {
        const auto y = labels(c.at("y_true"));
        using kernel = k::sparse_categorical_crossentropy<N>;
        r = from_logits ? kernel::from_logits(pred.data(), y.data(), m, grad.data())
                        : kernel::from_probabilities(pred.data(), y.data(), m, grad.data());
        if (c.contains("logits")) {
            // The fused training path on the logits that produced y_pred (TF Keras computes this
            // one from the logits; JAX Keras from the clipped probabilities: same value away from
            // the clip region).
            auto z = data(c.at("logits"));
            std::vector<float> dz(z.size());
            const auto f = kernel::softmax_forward_backward(z.data(), y.data(), m, dz.data());
            tmt::check_close(f.loss / double(m), value, tmt::keras_loss, name + " fused value");
            tmt::check_all_close(z, pred, tmt::keras_loss, name + " fused softmax");
            tmt::check_all_close(dz, data(c.at("grad_logits")), tmt::keras_loss, name + " fused grad_logits");
        }
    } else if (loss == "categorical_crossentropy") {
        const auto y = data(c.at("y_true"));
        using kernel = k::categorical_crossentropy<N>;
        r = from_logits ? kernel::from_logits(pred.data(), y.data(), m, grad.data())
                        : kernel::from_probabilities(pred.data(), y.data(), m, grad.data());
        if (c.contains("logits")) {
            auto z = data(c.at("logits"));
            std::vector<float> dz(z.size());
            const auto f = kernel::softmax_forward_backward(z.data(), y.data(), m, dz.data());
            tmt::check_close(f.loss / double(m), value, tmt::keras_loss, name + " fused value");
            tmt::check_all_close(z, pred, tmt::keras_loss, name + " fused softmax");
            tmt::check_all_close(dz, data(c.at("grad_logits")), tmt::keras_loss, name + " fused grad_logits");
        }
    } else if (loss == "binary_crossentropy") {
        const auto y = data(c.at("y_true"));
        using kernel = k::binary_crossentropy<N>;
        r = from_logits ? kernel::from_logits(pred.data(), y.data(), m, grad.data())
                        : kernel::from_probabilities(pred.data(), y.data(), m, grad.data());
    } else if (loss == "mean_squared_error") {
        const auto y = data(c.at("y_true"));
        r = k::mean_squared_error<N>::value(y.data(), pred.data(), m, grad.data());
    } else {
        BOOST_ERROR("unknown loss " << loss << " in case " << name);
        return;
    }
    tmt::check_close(r.loss / double(m), value, tmt::keras_loss, name + " value");
    tmt::check_all_close(grad, want_grad, tmt::keras_loss, name + " grad_y_pred");
}

} // namespace

BOOST_AUTO_TEST_CASE(losses_match_keras)
{
    const json j = load("losses.json");
    std::size_t checked = 0;
    for (const auto& c : j.at("cases")) {
        BOOST_TEST_CONTEXT("case " << c.at("name").get<std::string>())
        {
            const auto s = shape(c.at("y_pred"));
            BOOST_TEST_REQUIRE(s.size() == 2u);
            switch (s[1]) {
            case 3: check_loss_case<3>(c); break;
            case 4: check_loss_case<4>(c); break;
            default: BOOST_ERROR("no instantiation for width " << s[1]); continue;
            }
            ++checked;
        }
    }
    BOOST_TEST(checked == j.at("cases").size());
}

BOOST_AUTO_TEST_CASE(batch_norm_matches_keras)
{
    const json j = load("batch_norm.json");
    constexpr std::size_t n = 5;
    using bn = k::batch_norm<n>;
    for (const auto& c : j.at("cases")) {
        const std::string name = c.at("name");
        BOOST_TEST_REQUIRE(shape(c.at("x"))[1] == n);
        const std::size_t m = shape(c.at("x"))[0];
        const auto x = data(c.at("x"));
        const auto gamma = data(c.at("gamma")), beta = data(c.at("beta"));
        const auto mm0 = data(c.at("moving_mean")), mv0 = data(c.at("moving_variance"));
        const float momentum = c.at("momentum"), epsilon = c.at("epsilon");
        auto mm = mm0, mv = mv0;
        std::vector<float> mean(n), inv_std(n), x_hat(m * n), y(m * n);
        bn::train_forward(x.data(), m, gamma.data(), beta.data(), momentum, epsilon, mm.data(), mv.data(),
                          mean.data(), inv_std.data(), x_hat.data(), y.data());
        tmt::check_all_close(y, data(c.at("y_train")), tmt::keras_bn, name + " y_train");
        tmt::check_all_close(mm, data(c.at("moving_mean_after")), tmt::keras_bn, name + " moving_mean_after");
        tmt::check_all_close(mv, data(c.at("moving_variance_after")), tmt::keras_bn, name + " moving_variance_after");

        const auto up = data(c.at("upstream"));
        std::vector<float> dx(m * n), dgamma(n), dbeta(n);
        bn::train_backward(up.data(), x_hat.data(), gamma.data(), inv_std.data(), m, dx.data(), dgamma.data(),
                           dbeta.data(), false);
        tmt::check_all_close(dx, data(c.at("grad_x")), tmt::keras_bn, name + " grad_x");
        tmt::check_all_close(dgamma, data(c.at("grad_gamma")), tmt::keras_bn, name + " grad_gamma");
        tmt::check_all_close(dbeta, data(c.at("grad_beta")), tmt::keras_bn, name + " grad_beta");

        std::vector<float> yi(m * n);
        bn::inference_forward(x.data(), m, gamma.data(), beta.data(), mm0.data(), mv0.data(), epsilon, yi.data());
        tmt::check_all_close(yi, data(c.at("y_inference")), tmt::keras_bn, name + " y_inference");
    }
}
