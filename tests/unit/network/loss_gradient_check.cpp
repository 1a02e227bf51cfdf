// Every loss path of the trainer (tests of train/detail/loss_binding.hpp): the gradient of every
// parameter equals the central difference of the training-mode loss, for categorical and binary
// cross-entropy (probability outputs and from_logits) and mean squared error on linear, sigmoid,
// tanh, fused-softmax, batch-normed softmax and dropout outputs; which outputs compile accepts for
// which loss; the data checks of fit/evaluate; and split carrying float targets.
#define BOOST_TEST_MODULE loss_gradient_check
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "loss_training_tolerances.hpp"

namespace cn = ctnet;
namespace tol = ctnet::test::loss_training;

namespace {

enum class targets { soft_classes, probabilities, real };

// 6 samples of `features` inputs in [-1, 1], and 6 target rows of `outputs` floats: soft class
// rows summing to 1, independent probabilities in [0, 1] with some exact 0 and 1, or reals.
cn::dataset batch(std::size_t features, std::size_t outputs, targets kind, std::uint32_t seed) {
    std::mt19937 gen(seed);
    const auto uniform = [&] { return static_cast<float>(gen() % 2001) / 2000.0f; };  // [0, 1]
    cn::dataset d;
    d.sample_shape = {features};
    for (std::size_t i = 0; i < 6 * features; ++i) d.images.push_back(2.0f * uniform() - 1.0f);
    for (std::size_t i = 0; i < 6; ++i) {
        float sum = 0.0f;
        std::vector<float> row(outputs);
        for (std::size_t j = 0; j < outputs; ++j) {
            row[j] = kind == targets::real ? 4.0f * uniform() - 2.0f
                     : kind == targets::probabilities && (i + j) % 3 == 0 ? static_cast<float>((i + j) % 2)
                                                                           : uniform();
            sum += row[j];
        }
        if (kind == targets::soft_classes)
            for (float& v : row) v /= sum;
        d.targets.insert(d.targets.end(), row.begin(), row.end());
    }
    return d;
}

template <class Net, class Loss>
void check(const char* what, Loss loss, targets kind) {
    Net model{cn::seed{7}};
    const auto data = batch(Net::input_size(), Net::output_size(), kind, 11);
    auto trainer = cn::compile(model, loss, cn::sgd{});
    const auto [value, grad] = trainer.loss_and_gradients(data);
    BOOST_TEST_REQUIRE(std::isfinite(value));
    std::size_t checked = 0;
    double largest = 0.0;
    for (std::size_t i = 0; i < Net::plan().param_floats; ++i) {
        float& w = model.parameters()[i];
        const float saved = w;
        w = saved + tol::fd_step;
        const double up = trainer.loss_and_gradients(data).first;
        w = saved - tol::fd_step;
        const double down = trainer.loss_and_gradients(data).first;
        w = saved;
        const double fd = (up - down) / (2.0 * static_cast<double>(tol::fd_step));
        BOOST_TEST(std::abs(fd - grad[i]) <= tol::fd_absolute + tol::fd_relative * std::abs(fd),
                   what << ": parameter " << i << ": analytic " << grad[i] << ", finite difference " << fd);
        largest = std::max(largest, std::abs(fd));
        ++checked;
    }
    BOOST_TEST(checked == Net::plan().param_floats);
    BOOST_TEST(largest > 10 * tol::fd_absolute, what << ": the gradients are too small to tell anything");
}

template <class Output>
using net = cn::sequential<cn::input<5>, cn::dense<4, cn::tanh>, cn::dense<3, Output>>;
template <class Output>
using normed = cn::sequential<cn::input<5>, cn::dense<4, cn::tanh>, cn::dense<3>, cn::batch_norm<>, Output>;
using dropout_out = cn::sequential<cn::input<5>, cn::dense<4, cn::tanh>, cn::dense<3>, cn::dropout<0.25f>>;

} // namespace

BOOST_AUTO_TEST_CASE(categorical_crossentropy_paths) {
    check<net<cn::softmax>>("categorical softmax (fused p - y)", cn::categorical_crossentropy{}, targets::soft_classes);
    check<net<cn::linear>>("categorical from_logits", cn::categorical_crossentropy<cn::from_logits>{},
                           targets::soft_classes);
}

BOOST_AUTO_TEST_CASE(binary_crossentropy_paths) {
    check<net<cn::sigmoid>>("binary sigmoid (clipped dL/dp, sigmoid backward)", cn::binary_crossentropy{},
                            targets::probabilities);
    check<normed<cn::sigmoid>>("binary batch_norm then sigmoid", cn::binary_crossentropy{}, targets::probabilities);
    check<net<cn::linear>>("binary from_logits", cn::binary_crossentropy<cn::from_logits>{}, targets::probabilities);
}

BOOST_AUTO_TEST_CASE(mean_squared_error_paths) {
    check<net<cn::linear>>("mse linear", cn::mean_squared_error{}, targets::real);
    check<net<cn::sigmoid>>("mse sigmoid", cn::mean_squared_error{}, targets::probabilities);
    check<net<cn::tanh>>("mse tanh", cn::mean_squared_error{}, targets::real);
    check<net<cn::softmax>>("mse fused softmax (softmax backward in the binding)", cn::mean_squared_error{},
                            targets::soft_classes);
    check<normed<cn::softmax>>("mse batch_norm then softmax (executor's softmax backward)", cn::mean_squared_error{},
                               targets::soft_classes);
    check<dropout_out>("mse dropout output", cn::mean_squared_error{}, targets::real);
}

// The compile-time query behind compile's reporters (tests/compile_fail/train/ pins the messages).
BOOST_AUTO_TEST_CASE(which_outputs_fit_which_loss) {
    using cn::detail::loss_fits_output;
    static_assert(loss_fits_output<net<cn::softmax>, cn::categorical_crossentropy<>>());
    static_assert(!loss_fits_output<net<cn::linear>, cn::categorical_crossentropy<>>());
    static_assert(!loss_fits_output<net<cn::sigmoid>, cn::categorical_crossentropy<>>());
    static_assert(loss_fits_output<net<cn::linear>, cn::categorical_crossentropy<cn::from_logits>>());
    static_assert(!loss_fits_output<net<cn::softmax>, cn::categorical_crossentropy<cn::from_logits>>());
    static_assert(loss_fits_output<net<cn::sigmoid>, cn::binary_crossentropy<>>());
    static_assert(loss_fits_output<normed<cn::sigmoid>, cn::binary_crossentropy<>>());
    static_assert(!loss_fits_output<net<cn::softmax>, cn::binary_crossentropy<>>());
    static_assert(!loss_fits_output<net<cn::linear>, cn::binary_crossentropy<>>());
    static_assert(loss_fits_output<net<cn::linear>, cn::binary_crossentropy<cn::from_logits>>());
    static_assert(!loss_fits_output<net<cn::sigmoid>, cn::binary_crossentropy<cn::from_logits>>());
    static_assert(loss_fits_output<net<cn::linear>, cn::mean_squared_error>());
    static_assert(loss_fits_output<net<cn::softmax>, cn::mean_squared_error>());
    static_assert(loss_fits_output<normed<cn::softmax>, cn::mean_squared_error>());
    static_assert(loss_fits_output<dropout_out, cn::mean_squared_error>());
    static_assert(!cn::detail::loss_type<int>);
    BOOST_TEST(true);
}

namespace {

template <class F>
void expect_invalid(F f, const std::vector<std::string>& parts) {
    try {
        f();
        BOOST_TEST(false, "no exception");
    } catch (const std::invalid_argument& e) {
        const std::string m = e.what();
        for (const auto& p : parts) BOOST_TEST(m.find(p) != std::string::npos, "'" << p << "' not in: " << m);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(data_checks_name_the_function_and_sizes) {
    net<cn::softmax> model{cn::seed{1}};
    auto cce = cn::compile(model, cn::categorical_crossentropy{}, cn::sgd{});
    auto labelled = batch(5, 3, targets::soft_classes, 1);
    labelled.targets.clear();
    labelled.labels = {0, 1, 2, 0, 1, 2};
    expect_invalid([&] { cce.fit(labelled, {.verbose = 0}); },
                   {"ctnet::fit: categorical_crossentropy needs dataset::targets", "3 floats", "6 samples need 18",
                    "has 0", "one-hot"});
    auto narrow = batch(5, 2, targets::soft_classes, 1);  // rows of 2 for a 3-unit output
    expect_invalid([&] { cce.evaluate(narrow); }, {"ctnet::evaluate:", "need 18", "has 12"});

    net<cn::sigmoid> binary{cn::seed{1}};
    auto bce = cn::compile(binary, cn::binary_crossentropy{}, cn::sgd{});
    auto outside = batch(5, 3, targets::probabilities, 1);
    outside.targets[7] = 1.5f;
    expect_invalid([&] { bce.fit(outside, {.verbose = 0}); }, {"ctnet::fit:", "target 1 of sample 2", "[0, 1]"});

    net<cn::linear> regression{cn::seed{1}};
    auto mse = cn::compile(regression, cn::mean_squared_error{}, cn::sgd{});
    auto nan = batch(5, 3, targets::real, 1);
    nan.targets[4] = std::numeric_limits<float>::quiet_NaN();
    expect_invalid([&] { mse.evaluate(nan); }, {"ctnet::evaluate:", "target 1 of sample 1", "finite"});
    BOOST_TEST(std::isnan(mse.evaluate(batch(5, 3, targets::real, 1)).accuracy));

    auto sparse = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    expect_invalid([&] { sparse.fit(batch(5, 3, targets::soft_classes, 1), {.verbose = 0}); },
                   {"ctnet::fit: 6 samples but 0 labels", "use categorical_crossentropy"});
}

BOOST_AUTO_TEST_CASE(categorical_and_sparse_train_alike_on_one_hot_targets) {
    // One-hot targets through categorical CE are the labels through sparse CE: the kernels' sums
    // differ only by terms 0 * x, so losses, steps and weights agree bitwise.
    net<cn::softmax> a{cn::seed{5}}, b{cn::seed{5}};
    auto data = batch(5, 3, targets::soft_classes, 3);
    data.targets.assign(18, 0.0f);
    for (std::size_t i = 0; i < 6; ++i) {
        data.labels.push_back(static_cast<std::int32_t>((i * 7) % 3));
        data.targets[i * 3 + (i * 7) % 3] = 1.0f;
    }
    auto ta = cn::compile(a, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    auto tb = cn::compile(b, cn::categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    const auto ha = ta.fit(data, {.epochs = 3, .batch_size = 4, .verbose = 0});
    const auto hb = tb.fit(data, {.epochs = 3, .batch_size = 4, .verbose = 0});
    BOOST_TEST(ha.loss == hb.loss, boost::test_tools::per_element());
    BOOST_TEST(ha.accuracy == hb.accuracy, boost::test_tools::per_element());
    BOOST_TEST(std::equal(a.parameters(), a.parameters() + a.plan().param_floats, b.parameters()));
    const auto ea = ta.evaluate(data), eb = tb.evaluate(data);
    BOOST_TEST(ea.loss == eb.loss, boost::test_tools::tolerance(1e-6));
    BOOST_TEST(ea.accuracy == eb.accuracy);
}

BOOST_AUTO_TEST_CASE(split_carries_targets) {
    cn::dataset d;
    d.sample_shape = {2};
    for (std::size_t i = 0; i < 10; ++i) {
        d.images.insert(d.images.end(), {static_cast<float>(i), 0.0f});
        d.targets.insert(d.targets.end(), {static_cast<float>(10 * i), static_cast<float>(10 * i + 1)});
    }
    const auto [first, rest] = cn::split(d, 4);
    BOOST_TEST(first.targets.size() == 8u);
    BOOST_TEST(rest.targets.size() == 12u);
    BOOST_TEST(first.targets[7] == 31.0f);
    BOOST_TEST(rest.targets[0] == 40.0f);
    BOOST_TEST(first.labels.empty());
    d.targets.pop_back();
    expect_invalid([&] { static_cast<void>(cn::split(d, 4)); }, {"ctnet::split:", "10 samples", "19 target floats"});
}
