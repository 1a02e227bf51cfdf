// Weights files exchanged with Keras 3: a file Keras's weights were written to by the safetensors
// package loads into ctnet and predicts what Keras predicts; the file ctnet writes is the committed
// one that Keras, reading it with safetensors.numpy, predicted from (tests/reference/weights/,
// weights_interop.json, made by tests/reference/generate_weights.py).
//
// `io_weights_interop -- --write FILE` writes ctnet's file for the generator (tests/reference/README.md).
#define BOOST_TEST_MODULE io_weights_interop
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "io_test_files.hpp"
#include "reference_json.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace cn = ctnet;

namespace {

using bn_net = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::prelu>, cn::dense<5>, cn::batch_norm<>,
                              cn::relu, cn::dense<3, cn::softmax>>;

const std::filesystem::path weights_dir = std::filesystem::path(CTNET_REFERENCE_DIR) / "weights";

// ctnet's side of the exchange: every weight set by a formula of its slot and element whose
// products and sums are exact in float (so contracting them into FMAs, as g++ does and clang does
// not, changes nothing; no library function), so the file's bytes depend on nothing but the layout
// and the writer, on any compiler. Moving variances in [0.5, 1.75], gammas near 1, prelu slopes in
// (0, 0.5).
bn_net ctnet_side() {
    bn_net m{cn::seed{1}};
    const auto slots = cn::weight_slots<bn_net>();
    for (std::size_t s = 0; s < slots.size(); ++s) {
        const cn::weight_slot& w = slots[s];
        float* to = (w.trainable ? m.parameters() : m.state()) + w.offset;
        for (std::size_t i = 0; i < w.count; ++i) {
            const float step = static_cast<float>(static_cast<int>((i * 7 + s * 3) % 11) - 5);  // -5..5
            if (w.name.ends_with("/moving_variance")) to[i] = 1.125f + 0.125f * step;
            else if (w.name.ends_with("/gamma")) to[i] = 1.0f + 0.0625f * step;
            else if (w.name.ends_with("/alpha")) to[i] = 0.25f + 0.046875f * step;
            else to[i] = 0.125f * step;
        }
    }
    return m;
}

void check_predictions(const bn_net& m, const nlohmann::json& c) {
    const auto x = ctnet_test::values(c["x"]), want = ctnet_test::values(c["y"]);
    BOOST_TEST_REQUIRE(x.size() == 8 * 4);
    const std::vector<float> got = m.predict(x);
    BOOST_TEST_REQUIRE(got.size() == want.size());
    // Batch norms folded into the dense layers against Keras's unfolded float32: a few ulps of
    // values in [0, 1].
    for (std::size_t i = 0; i < got.size(); ++i) BOOST_TEST(std::abs(got[i] - want[i]) <= 2e-6f, "output " << i << ": " << got[i] << " vs Keras " << want[i]);
}

} // namespace

BOOST_AUTO_TEST_CASE(keras_weights_load_and_predict_as_keras) {
    const auto c = ctnet_test::load_reference_case("weights_interop.json", "keras_to_ctnet");
    bn_net m{cn::seed{2}};
    m.load_weights(std::filesystem::path(CTNET_REFERENCE_DIR) / c["file"].get<std::string>());
    check_predictions(m, c);
}

BOOST_AUTO_TEST_CASE(the_committed_ctnet_file_is_what_ctnet_writes) {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    const bn_net m = ctnet_side();
    if (suite.argc == 3 && std::string_view(suite.argv[1]) == "--write") {
        m.save_weights(suite.argv[2]);
        BOOST_TEST_MESSAGE("wrote " << suite.argv[2]);
    }
    io_test::scratch_dir dir;
    m.save_weights(dir.path / "ctnet_bn_net.safetensors");
    BOOST_TEST(cn::safetensors::read_bytes(dir.path / "ctnet_bn_net.safetensors") ==
               cn::safetensors::read_bytes(weights_dir / "ctnet_bn_net.safetensors"));
}

BOOST_AUTO_TEST_CASE(keras_predicts_from_ctnet_s_file_what_ctnet_predicts) {
    const auto c = ctnet_test::load_reference_case("weights_interop.json", "ctnet_to_keras");
    BOOST_TEST(c["metadata"]["format"] == "ctnet");
    check_predictions(ctnet_side(), c);
    // And the file read back gives the same model.
    bn_net m{cn::seed{3}};
    m.load_weights(std::filesystem::path(CTNET_REFERENCE_DIR) / c["file"].get<std::string>());
    check_predictions(m, c);
}
