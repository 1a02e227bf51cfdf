// summary<Net>(): Keras's table (names with a counter per Keras class, output shapes, parameter
// counts, the totals) and ctnet's notes (a dropped bias, a frozen layer).
#define BOOST_TEST_MODULE summary_text
#include <boost/test/unit_test.hpp>

#include <ctnet/net.hpp>

#include <string>

namespace cn = ctnet;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

BOOST_AUTO_TEST_CASE(the_chapter_s_batch_norm_model_as_keras_prints_it) {
    using seed_model = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                      cn::batch_norm<>, cn::dense<100, cn::relu>, cn::batch_norm<>, cn::dense<10, cn::softmax>>;
    const std::string t = cn::summary<seed_model>();
    BOOST_TEST(has(t, "flatten (Flatten)            (None, 784)               0\n"), t);
    BOOST_TEST(has(t, "batch_normalization (BatchNo (None, 784)               3136\n"), t);
    BOOST_TEST(has(t, "dense (Dense)                (None, 300)               235500\n"), t);
    BOOST_TEST(has(t, "batch_normalization_2 (Batch (None, 100)               400\n"), t);
    BOOST_TEST(has(t, "dense_2 (Dense)              (None, 10)                1010\n"), t);
    BOOST_TEST(has(t, "Total params: 271,346\nTrainable params: 268,978\nNon-trainable params: 2,368\n"), t);
}

BOOST_AUTO_TEST_CASE(activation_layers_are_counted_per_keras_class) {
    using net = cn::sequential<cn::input<8>, cn::dense<6>, cn::relu, cn::dense<5>, cn::prelu, cn::dense<4>, cn::relu,
                               cn::dense<3>, cn::prelu, cn::dense<2, cn::softmax>>;
    const std::string t = cn::summary<net>();
    // Keras: re_lu, p_re_lu, re_lu_1, p_re_lu_1 (not one counter for all activation layers).
    BOOST_TEST(has(t, "re_lu (ReLU)"), t);
    BOOST_TEST(has(t, "p_re_lu (PReLU)"), t);
    BOOST_TEST(has(t, "re_lu_1 (ReLU)"), t);
    BOOST_TEST(has(t, "p_re_lu_1 (PReLU)"), t);
}

BOOST_AUTO_TEST_CASE(frozen_layers_are_non_trainable_and_noted) {
    using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::frozen<cn::batch_norm<>>, cn::frozen<cn::dense<300, cn::relu>>,
                               cn::frozen<cn::batch_norm<>>, cn::dense<100, cn::relu>, cn::batch_norm<>, cn::dense<10, cn::softmax>>;
    const std::string t = cn::summary<net>();
    BOOST_TEST(has(t, "Total params: 271,346\nTrainable params: 31,310\nNon-trainable params: 240,036\n"), t);
    BOOST_TEST(has(t, "dense: frozen (trainable = False): its 235500 parameters count as non-trainable\n"), t);
    BOOST_TEST(!has(t, "dense_1: frozen"), t);
}
