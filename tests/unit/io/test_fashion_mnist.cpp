// ctnet::datasets::fashion_mnist on small generated files: location rules, scaling, and each consistency error.
#define BOOST_TEST_MODULE io_fashion_mnist
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <optional>

#include "ctnet/io/fashion_mnist.hpp"
#include "io_test_files.hpp"

using namespace io_test;
namespace ds = ctnet::datasets;

namespace {

// A miniature Fashion-MNIST: `n_train` / `n_test` samples of rows x cols, labels cycling 0..9.
struct mini {
    scratch_dir dir;
    bytes train_pixels, test_pixels, train_labels, test_labels;

    explicit mini(std::uint32_t n_train = 8, std::uint32_t n_test = 3, std::uint32_t rows = 4,
                  std::uint32_t cols = 8, bool gz = true) {
        train_pixels = pattern(std::size_t{n_train} * rows * cols, 1);
        test_pixels = pattern(std::size_t{n_test} * rows * cols, 2);
        for (std::uint32_t i = 0; i < n_train; ++i) train_labels.push_back(static_cast<std::uint8_t>((i * 3) % 10));
        for (std::uint32_t i = 0; i < n_test; ++i) test_labels.push_back(static_cast<std::uint8_t>((i * 7 + 1) % 10));
        write("train-images-idx3-ubyte", idx_image({n_train, rows, cols}, train_pixels), gz);
        write("train-labels-idx1-ubyte", idx_image({n_train}, train_labels), gz);
        write("t10k-images-idx3-ubyte", idx_image({n_test, rows, cols}, test_pixels), gz);
        write("t10k-labels-idx1-ubyte", idx_image({n_test}, test_labels), gz);
    }
    void write(const std::string& stem, const bytes& b, bool gz = true) const {
        std::filesystem::remove(dir / stem);
        std::filesystem::remove(dir / (stem + ".gz"));
        if (gz)
            write_gz(dir / (stem + ".gz"), b);
        else
            write_plain(dir / stem, b);
    }
    std::filesystem::path gz(const std::string& stem) const { return dir / (stem + ".gz"); }
};

// The value NumPy computes for Keras users: float64 x / 255. rounded to float32.
float numpy_scaled(std::uint8_t v) { return static_cast<float>(static_cast<double>(v) / 255.0); }

void check_part(const ctnet::dataset& d, const bytes& pixels, const bytes& labels, std::size_t rows,
                std::size_t cols) {
    BOOST_TEST(d.size() == labels.size());
    BOOST_TEST(d.sample_shape == (std::vector<std::size_t>{rows, cols}));
    BOOST_TEST(d.sample_size() == rows * cols);
    BOOST_REQUIRE(d.images.size() == pixels.size());
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        BOOST_TEST(d.images[i] == numpy_scaled(pixels[i]), "pixel " << i);
        BOOST_TEST(d.images[i] >= 0.0f);
        BOOST_TEST(d.images[i] <= 1.0f);
    }
    BOOST_REQUIRE(d.labels.size() == labels.size());
    for (std::size_t i = 0; i < labels.size(); ++i) BOOST_TEST(d.labels[i] == labels[i]);
}

// Restores an environment variable at scope exit, so cases do not leak settings into each other.
struct env_guard {
    std::string name;
    std::optional<std::string> old;
    explicit env_guard(std::string n) : name(std::move(n)) {
        if (const char* v = std::getenv(name.c_str())) old = v;
    }
    ~env_guard() {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
};

}  // namespace

BOOST_AUTO_TEST_CASE(loads_and_scales_like_numpy) {
    mini m;  // 8 x 4 x 8 = 256 training pixels: every byte value once
    const auto data = ds::fashion_mnist(m.dir.path);
    check_part(data.train, m.train_pixels, m.train_labels, 4, 8);
    check_part(data.test, m.test_pixels, m.test_labels, 4, 8);
    BOOST_TEST(data.train.sample(3)[0] == numpy_scaled(m.train_pixels[3 * 32]));
}

BOOST_AUTO_TEST_CASE(scaling_matches_numpy_for_every_byte) {
    // The library divides by 255.0f; multiplying by 1/255.f would differ from NumPy in 126 of 256 values.
    bytes all(256);
    for (int v = 0; v < 256; ++v) all[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(v);
    std::vector<float> out(256);
    ds::detail::scale_pixels(all.data(), out.data(), all.size());
    for (std::size_t v = 0; v < 256; ++v) BOOST_TEST(out[v] == numpy_scaled(static_cast<std::uint8_t>(v)));
    BOOST_TEST(out[255] == 1.0f);
}

BOOST_AUTO_TEST_CASE(unpacked_files_are_accepted) {
    mini m(8, 3, 4, 8, false);
    const auto data = ds::fashion_mnist(m.dir.path);
    check_part(data.train, m.train_pixels, m.train_labels, 4, 8);
}

BOOST_AUTO_TEST_CASE(other_image_sizes_load) {  // I9: 28x29 loads; the model rejects it when binding
    mini m(2, 1, 28, 29);
    const auto data = ds::fashion_mnist(m.dir.path);
    BOOST_TEST(data.train.sample_shape == (std::vector<std::size_t>{28, 29}));
    BOOST_TEST(data.train.size() == 2u);
}

BOOST_AUTO_TEST_CASE(directory_resolution) {
    env_guard g("CTNET_FASHION_MNIST_DIR");
    ::setenv("CTNET_FASHION_MNIST_DIR", "/from/env", 1);
    BOOST_TEST(ds::detail::fashion_mnist_dir("/explicit") == std::filesystem::path("/explicit"));
    BOOST_TEST(ds::detail::fashion_mnist_dir({}) == std::filesystem::path("/from/env"));
    ::setenv("CTNET_FASHION_MNIST_DIR", "", 1);
    BOOST_TEST(ds::detail::fashion_mnist_dir({}) == std::filesystem::path("/usr/share/datasets/fashion-mnist"));
    ::unsetenv("CTNET_FASHION_MNIST_DIR");
    BOOST_TEST(ds::detail::fashion_mnist_dir({}) == std::filesystem::path("/usr/share/datasets/fashion-mnist"));
}

BOOST_AUTO_TEST_CASE(environment_override_is_read) {
    mini m;
    env_guard g("CTNET_FASHION_MNIST_DIR");
    ::setenv("CTNET_FASHION_MNIST_DIR", m.dir.path.c_str(), 1);
    const auto data = ds::fashion_mnist();
    check_part(data.test, m.test_pixels, m.test_labels, 4, 8);
}

BOOST_AUTO_TEST_CASE(missing_file_names_the_fixes) {
    mini m;
    std::filesystem::remove(m.gz("t10k-labels-idx1-ubyte"));
    require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("t10k-labels-idx1-ubyte"), 0, plain,
                       {"does not exist (nor does t10k-labels-idx1-ubyte)", "dataset-fashion-mnist",
                        "CTNET_FASHION_MNIST_DIR"});
}

BOOST_AUTO_TEST_CASE(count_mismatch) {  // I12
    mini m;
    m.write("train-labels-idx1-ubyte", idx_image({7}, bytes(7, 1)));
    require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("train-labels-idx1-ubyte"), 4, inflated,
                       {"the labels file declares 7 labels but train-images-idx3-ubyte.gz declares 8 images"});
}

BOOST_AUTO_TEST_CASE(label_out_of_range) {  // I13
    for (std::uint8_t bad : {std::uint8_t{10}, std::uint8_t{255}}) {
        mini m;
        m.write("t10k-labels-idx1-ubyte", idx_image({3}, {4, bad, 2}));
        require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("t10k-labels-idx1-ubyte"), 9, inflated,
                           {"label of sample 1 is " + std::to_string(bad),
                            "expected a Fashion-MNIST class from 0 to 9"});
    }
}

BOOST_AUTO_TEST_CASE(labels_file_given_as_images) {  // I16
    mini m;
    m.write("train-images-idx3-ubyte", idx_image({8}, m.train_labels));
    require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("train-images-idx3-ubyte"), 3, inflated,
                       {"expected IDX rank 3 (Fashion-MNIST images (count x rows x columns)), found rank 1"});
}

BOOST_AUTO_TEST_CASE(test_shape_differs_from_train) {
    mini m;
    m.write("t10k-images-idx3-ubyte", idx_image({3, 4, 9}, pattern(3 * 4 * 9)));
    require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("t10k-images-idx3-ubyte"), 8, inflated,
                       {"the test images are 4 x 9; expected 4 x 8 like the training images"});
}

BOOST_AUTO_TEST_CASE(corrupt_image_file_propagates) {
    mini m;
    bytes gz = gzip_bytes(idx_image({8, 4, 8}, m.train_pixels));
    gz[gz.size() - 6] ^= 0x10;  // CRC-32
    write_plain(m.gz("train-images-idx3-ubyte"), gz);
    require_file_error([&] { ds::fashion_mnist(m.dir.path); }, m.gz("train-images-idx3-ubyte"), 16 + 256,
                       inflated, {"CRC-32"});
}
