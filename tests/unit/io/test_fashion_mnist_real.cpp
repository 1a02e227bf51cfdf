// ctnet::datasets::fashion_mnist on Debian's real files, when dataset-fashion-mnist is installed.
#define BOOST_TEST_MODULE io_fashion_mnist_real
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include <zlib.h>

#include <array>
#include <filesystem>
#include <vector>

#include "ctnet/io/fashion_mnist.hpp"

namespace {

const std::filesystem::path debian_dir = "/usr/share/datasets/fashion-mnist";

bool data_present() { return std::filesystem::exists(debian_dir / "train-images-idx3-ubyte.gz"); }

boost::test_tools::assertion_result requires_data(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result r(data_present());
    r.message() << debian_dir << " not found (Debian package dataset-fashion-mnist); skipped";
    return r;
}

// The same file decoded by zlib's gzread, a code path independent of ctnet's inflate loop.
std::vector<std::uint8_t> gunzip(const std::filesystem::path& p) {
    gzFile f = gzopen(p.c_str(), "rb");
    BOOST_REQUIRE(f != nullptr);
    std::vector<std::uint8_t> out;
    std::array<std::uint8_t, 1 << 16> chunk{};
    int n = 0;
    while ((n = gzread(f, chunk.data(), chunk.size())) > 0) out.insert(out.end(), chunk.begin(), chunk.begin() + n);
    BOOST_REQUIRE(n == 0);
    gzclose(f);
    return out;
}

// Published in zalandoresearch/fashion-mnist and printed by every Keras tutorial's y_train[:10].
constexpr std::array<std::int32_t, 10> train_first{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};
constexpr std::array<std::int32_t, 10> test_first{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};

}  // namespace

BOOST_AUTO_TEST_CASE(debian_files, *boost::unit_test::precondition(requires_data)) {
    const auto data = ctnet::datasets::fashion_mnist(debian_dir);
    BOOST_TEST(data.train.size() == 60000u);
    BOOST_TEST(data.test.size() == 10000u);
    BOOST_TEST(data.train.sample_shape == (std::vector<std::size_t>{28, 28}));
    BOOST_TEST(data.test.sample_shape == (std::vector<std::size_t>{28, 28}));
    BOOST_TEST(data.train.images.size() == 60000u * 784u);
    BOOST_TEST(data.test.images.size() == 10000u * 784u);

    for (std::size_t i = 0; i < 10; ++i) {
        BOOST_TEST(data.train.labels[i] == train_first[i], "train label " << i);
        BOOST_TEST(data.test.labels[i] == test_first[i], "test label " << i);
    }
    std::array<std::size_t, 10> train_hist{}, test_hist{};
    for (auto l : data.train.labels) ++train_hist.at(static_cast<std::size_t>(l));
    for (auto l : data.test.labels) ++test_hist.at(static_cast<std::size_t>(l));
    for (std::size_t c = 0; c < 10; ++c) {
        BOOST_TEST(train_hist[c] == 6000u, "class " << c);
        BOOST_TEST(test_hist[c] == 1000u, "class " << c);
    }

    // Every pixel equals NumPy's float32(x / 255.) of the byte gzread finds at the same place.
    const auto raw = gunzip(debian_dir / "train-images-idx3-ubyte.gz");
    BOOST_REQUIRE(raw.size() == 16u + 60000u * 784u);
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < data.train.images.size(); ++i)
        mismatches += data.train.images[i] != static_cast<float>(static_cast<double>(raw[16 + i]) / 255.0);
    BOOST_TEST(mismatches == 0u);
    const auto raw_labels = gunzip(debian_dir / "t10k-labels-idx1-ubyte.gz");
    BOOST_REQUIRE(raw_labels.size() == 8u + 10000u);
    for (std::size_t i = 0; i < 10000; ++i) BOOST_TEST_REQUIRE(data.test.labels[i] == raw_labels[8 + i]);
}

// Meson reports exit code 77 as SKIP; Boost.Test alone would exit 0 and the skip would count as a pass.
int main(int argc, char* argv[]) {
    const int rc = boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
    return rc == 0 && !data_present() ? 77 : rc;
}
