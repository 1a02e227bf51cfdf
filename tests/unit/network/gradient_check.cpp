// Finite-difference check of the fused training path: for networks covering every runnable
// activation (as a dense option and as a layer), batch norm before and after the activation, a
// standalone batch norm, alpha dropout, and an l2 penalty, the gradient of every parameter equals
// the central difference of the training-mode loss. loss_and_gradients runs training step 0, so
// rrelu's slopes and the dropout masks are the same in every evaluation of the loss.
#define BOOST_TEST_MODULE gradient_check
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace cn = ctnet;

namespace {

// The loss is a float32 computation (summed in double): a central difference with step h has a
// rounding error of about 1e-7 / h; h = 1e-2 keeps that near 1e-5 while the truncation error
// (h^2 times the third derivative) stays below 1e-4 for these small smooth networks.
constexpr float h = 1e-2f;
constexpr double absolute_tolerance = 2e-3;
constexpr double relative_tolerance = 2e-2;

cn::dataset batch(std::size_t features, std::size_t classes, std::uint32_t seed) {
    std::mt19937 gen(seed);
    cn::dataset d;
    d.sample_shape = {features};
    for (std::size_t i = 0; i < 6 * features; ++i)
        d.images.push_back(static_cast<float>(gen() % 2001) / 1000.0f - 1.0f);
    for (std::size_t i = 0; i < 6; ++i) d.labels.push_back(static_cast<std::int32_t>(i % classes));
    return d;
}

template <class Net>
void check(const char* what, bool kinked = false) {
    Net model{cn::seed{7}};
    const auto data = batch(Net::input_size(), Net::output_size(), 11);
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    const auto [loss, grad] = trainer.loss_and_gradients(data);
    BOOST_TEST_REQUIRE(std::isfinite(loss));
    std::size_t checked = 0, kinks = 0;
    for (std::size_t i = 0; i < Net::plan().param_floats; ++i) {
        float& w = model.parameters()[i];
        const float saved = w;
        w = saved + h;
        const double up = trainer.loss_and_gradients(data).first;
        w = saved - h;
        const double down = trainer.loss_and_gradients(data).first;
        w = saved;
        const double fd = (up - down) / (2.0 * static_cast<double>(h));
        const bool ok = std::abs(fd - grad[i]) <= absolute_tolerance + relative_tolerance * std::abs(fd);
        if (!ok && kinked) {
            ++kinks;  // a ReLU-family kink inside [w - h, w + h]: the difference quotient is not a derivative
            continue;
        }
        BOOST_TEST(ok, what << ": parameter " << i << ": analytic " << grad[i] << ", finite difference " << fd);
        ++checked;
    }
    // A kink may spoil a few quotients, never most of them.
    BOOST_TEST(kinks * 20 <= checked, what << ": " << kinks << " of " << checked + kinks << " quotients off");
    BOOST_TEST(checked > 0u);
}

template <class Act>
using option_net = cn::sequential<cn::input<5>, cn::dense<4, Act>, cn::dense<3, cn::softmax>>;
template <class Act>
using layer_net = cn::sequential<cn::input<5>, cn::dense<4>, Act, cn::dense<3, cn::softmax>>;

// These nets take the path where the hidden activation's derivative is applied in the epilogue of
// the next dense's input-gradient GEMM (executor::derivative_in_next_gemm), so the checks below
// cover it for every activation.
static_assert(cn::detail::executor<option_net<cn::relu>>::derivative_in_next_gemm(0));
static_assert(cn::detail::executor<layer_net<cn::gelu>>::derivative_in_next_gemm(0));
static_assert(!cn::detail::executor<option_net<cn::prelu>>::derivative_in_next_gemm(0));
// rrelu's slopes are drawn per (row, unit) over whole rows: never in a GEMM tile.
static_assert(!cn::detail::executor<option_net<cn::rrelu<>>>::derivative_in_next_gemm(0));

} // namespace

BOOST_AUTO_TEST_CASE(smooth_activations_as_options) {
    check<option_net<cn::linear>>("linear");
    check<option_net<cn::sigmoid>>("sigmoid");
    check<option_net<cn::tanh>>("tanh");
    check<option_net<cn::elu<>>>("elu");
    check<option_net<cn::elu<0.5f>>>("elu 0.5", true);  // derivative jumps from 0.5 to 1 at 0
    check<option_net<cn::gelu>>("gelu");
    check<option_net<cn::swish>>("swish");
    check<option_net<cn::mish>>("mish");
    check<cn::sequential<cn::input<5>, cn::dense<4, cn::selu>, cn::dense<3, cn::softmax>>>("selu", true);  // derivative jumps at 0
}

BOOST_AUTO_TEST_CASE(kinked_activations) {
    check<option_net<cn::relu>>("relu", true);
    check<option_net<cn::leaky_relu<0.2f>>>("leaky_relu", true);
    check<option_net<cn::prelu>>("prelu", true);  // slopes start at 0 (Keras): the gradient reaches them
}

// Training-mode rrelu: the loss is piecewise linear in the slopes' inputs with slopes drawn once
// per step, so the difference quotients see the drawn slopes (and fail if backward used others).
// Wide bounds make a slope mix-up visible against the tolerance.
BOOST_AUTO_TEST_CASE(rrelu_in_training) {
    check<option_net<cn::rrelu<>>>("rrelu", true);
    check<option_net<cn::rrelu<0.05f, 0.9f>>>("rrelu 0.05..0.9", true);
    check<layer_net<cn::rrelu<0.1f, 0.6f>>>("rrelu layer", true);
    check<cn::sequential<cn::input<5>, cn::dense<4, cn::rrelu<0.0f, 0.8f>>, cn::batch_norm<>, cn::dense<3, cn::softmax>>>(
        "rrelu then batch_norm", true);
    check<cn::sequential<cn::input<5>, cn::dense<4>, cn::batch_norm<>, cn::rrelu<0.2f, 0.7f>, cn::dense<3, cn::softmax>>>(
        "batch_norm then rrelu", true);
    check<cn::sequential<cn::input<5>, cn::dense<4, cn::rrelu<0.1f, 0.5f>>, cn::dropout<0.3f>, cn::dense<3, cn::softmax>>>(
        "rrelu with dropout", true);
}

// Alpha dropout in training: dx = a dy where kept and 0 where dropped, with the mask of step 0.
BOOST_AUTO_TEST_CASE(alpha_dropout_in_training) {
    check<cn::sequential<cn::input<5>, cn::dense<6, cn::selu>, cn::alpha_dropout<0.3f>, cn::dense<3, cn::softmax>>>(
        "selu, alpha_dropout 0.3", true);  // selu's derivative jumps at 0
    check<cn::sequential<cn::input<5>, cn::dense<6, cn::tanh>, cn::alpha_dropout<0.5f>, cn::dense<4, cn::tanh>,
                         cn::alpha_dropout<0.2f>, cn::dense<3, cn::softmax>>>("tanh, two alpha_dropouts");
    check<cn::sequential<cn::input<5>, cn::alpha_dropout<0.4f>, cn::dense<3, cn::softmax>>>("alpha_dropout on the input");
    check<cn::sequential<cn::input<5>, cn::dense<6, cn::tanh>, cn::alpha_dropout<0.0f>, cn::dense<3, cn::softmax>>>(
        "alpha_dropout rate 0");
}

BOOST_AUTO_TEST_CASE(activations_as_layers) {
    check<layer_net<cn::sigmoid>>("sigmoid layer");
    check<layer_net<cn::leaky_relu<0.2f>>>("leaky_relu layer", true);
    check<cn::sequential<cn::input<5>, cn::dense<4>, cn::batch_norm<>, cn::prelu, cn::dense<3, cn::softmax>>>(
        "prelu after batch_norm", true);
    check<cn::sequential<cn::input<5>, cn::batch_norm<>, cn::prelu, cn::dense<3, cn::softmax>>>("prelu stage", true);
    check<cn::sequential<cn::input<5>, cn::batch_norm<>, cn::tanh, cn::dense<3, cn::softmax>>>("tanh after batch_norm");
}

BOOST_AUTO_TEST_CASE(batch_norm_positions) {
    check<cn::sequential<cn::input<5>, cn::batch_norm<>, cn::dense<4, cn::elu<>>, cn::batch_norm<>,
                         cn::dense<3, cn::softmax>>>("batch_norm after activation");
    check<cn::sequential<cn::input<5>, cn::dense<4>, cn::batch_norm<>, cn::swish, cn::dense<3, cn::softmax>>>(
        "batch_norm before activation");
}

BOOST_AUTO_TEST_CASE(l2_penalty) {
    check<cn::sequential<cn::input<5>, cn::dense<4, cn::tanh, cn::l1_l2<0.0f, 0.05f>>, cn::dense<3, cn::softmax>>>("l2");
}
