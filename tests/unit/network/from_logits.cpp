// sparse_categorical_crossentropy<from_logits> on a linear output trains exactly as the softmax
// output does (the fused backward is the same), and predict returns logits whose softmax is the
// softmax model's prediction.
#define BOOST_TEST_MODULE from_logits
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstring>

namespace cn = ctnet;

using probabilities = cn::sequential<cn::input<8>, cn::batch_norm<>, cn::dense<6, cn::relu>, cn::dense<3, cn::softmax>>;
using logits = cn::sequential<cn::input<8>, cn::batch_norm<>, cn::dense<6, cn::relu>, cn::dense<3>>;

cn::dataset samples() {
    cn::dataset d;
    d.sample_shape = {8};
    for (std::size_t i = 0; i < 40 * 8; ++i) d.images.push_back(std::cos(0.37f * static_cast<float>(i)));
    for (std::size_t i = 0; i < 40; ++i) d.labels.push_back(static_cast<std::int32_t>(i % 3));
    return d;
}

BOOST_AUTO_TEST_CASE(same_training_as_softmax_output) {
    static_assert(probabilities::plan().param_floats == logits::plan().param_floats);
    probabilities a{cn::seed{9}};
    logits b{cn::seed{9}};  // same layout, same initializer (Glorot uniform) and stream: same weights
    const std::size_t n = probabilities::plan().param_floats;
    BOOST_TEST_REQUIRE(std::memcmp(a.parameters(), b.parameters(), n * sizeof(float)) == 0);

    auto ta = cn::compile(a, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    auto tb = cn::compile(b, cn::sparse_categorical_crossentropy<cn::from_logits>{},
                          cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    const auto data = samples();
    const auto ha = ta.fit(data, {.epochs = 3, .batch_size = 8, .verbose = 0});
    const auto hb = tb.fit(data, {.epochs = 3, .batch_size = 8, .verbose = 0});
    BOOST_TEST(ha.loss == hb.loss);
    BOOST_TEST(std::memcmp(a.parameters(), b.parameters(), n * sizeof(float)) == 0);

    // evaluate: Keras's clipped probabilities against log-softmax of the logits.
    BOOST_TEST(ta.evaluate(data).loss == tb.evaluate(data).loss, boost::test_tools::tolerance(1e-5));
    BOOST_TEST(ta.evaluate(data).accuracy == tb.evaluate(data).accuracy);

    const auto pa = a.predict(data.images);
    const auto zb = b.predict(data.images);
    for (std::size_t r = 0; r < 40; ++r) {
        double sum = 0;
        for (std::size_t c = 0; c < 3; ++c) sum += std::exp(static_cast<double>(zb[r * 3 + c]));
        for (std::size_t c = 0; c < 3; ++c)
            BOOST_TEST(std::abs(std::exp(static_cast<double>(zb[r * 3 + c])) / sum - pa[r * 3 + c]) < 1e-6);
    }
}
