// Loading Fashion-MNIST (Zalando's 28x28 clothing images, 10 classes) from its four IDX files into datasets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "ctnet/io/dataset.hpp"
#include "ctnet/io/file_error.hpp"
#include "ctnet/io/idx.hpp"

namespace ctnet::datasets {

struct fashion_mnist_data {
    dataset train;  // 60,000 samples in the published files
    dataset test;   // 10,000 samples
};

namespace detail {

inline constexpr std::int32_t fashion_mnist_classes = 10;
inline constexpr const char* fashion_mnist_default_dir = "/usr/share/datasets/fashion-mnist";

inline std::filesystem::path fashion_mnist_dir(const std::filesystem::path& dir) {
    if (!dir.empty()) return dir;
    if (const char* env = std::getenv("CTNET_FASHION_MNIST_DIR"); env != nullptr && *env != '\0') return env;
    return fashion_mnist_default_dir;
}

// The published names end in .gz; an unpacked copy (same name without .gz) is accepted too, since the
// reader recognises gzip by its magic bytes, not by the name.
inline std::filesystem::path fashion_mnist_file(const std::filesystem::path& dir, const std::string& stem) {
    const auto gz = dir / (stem + ".gz");
    const auto plain = dir / stem;
    std::error_code ec;
    if (std::filesystem::exists(gz, ec)) return gz;
    if (std::filesystem::exists(plain, ec)) return plain;
    throw file_error(gz, 0, file_error::offset_kind::file,
                     "cannot open the file: it does not exist (nor does " + plain.filename().string() +
                         "); install Debian's dataset-fashion-mnist (it provides " + fashion_mnist_default_dir +
                         "), pass the directory to ctnet::datasets::fashion_mnist, or set "
                         "CTNET_FASHION_MNIST_DIR");
}

// 255.0f division, not a multiplication by 1/255: it rounds exactly like NumPy's float64 x / 255. cast to
// float32 (checked for all 256 values in the tests), so pixels are bit-identical to a Keras pipeline's.
inline void scale_pixels(const std::uint8_t* __restrict in, float* __restrict out, std::size_t n) noexcept {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<float>(in[i]) / 255.0f;
}

// `shape`, if given, is the training images' shape, which the test images must share: one model consumes both.
inline dataset fashion_mnist_part(const std::filesystem::path& dir, const std::string& prefix,
                                  const std::vector<std::size_t>* shape) {
    const auto labels_file = fashion_mnist_file(dir, prefix + "-labels-idx1-ubyte");
    const auto images_file = fashion_mnist_file(dir, prefix + "-images-idx3-ubyte");

    // Labels first: the file is small, so a mismatch there costs nothing before the 47 MB image read.
    const idx labels = idx::read(labels_file, {.rank = 1, .what = "Fashion-MNIST labels (count)"});
    const auto label_kind = labels.compressed ? file_error::offset_kind::decompressed : file_error::offset_kind::file;
    const auto max_label = std::max_element(labels.bytes.begin(), labels.bytes.end());
    if (max_label != labels.bytes.end() && *max_label >= fashion_mnist_classes) {
        const auto bad = std::find_if(labels.bytes.begin(), labels.bytes.end(),
                                      [](std::uint8_t b) { return b >= fashion_mnist_classes; });
        const auto i = static_cast<std::size_t>(bad - labels.bytes.begin());
        throw file_error(labels_file, labels.header_size() + i, label_kind,
                         "label of sample " + std::to_string(i) + " is " + std::to_string(*bad) +
                             "; expected a Fashion-MNIST class from 0 to 9");
    }

    const idx images =
        idx::read(images_file, {.rank = 3, .what = "Fashion-MNIST images (count x rows x columns)"});
    if (images.dims[0] != labels.dims[0])
        throw file_error(labels_file, 4, label_kind,
                         "the labels file declares " + std::to_string(labels.dims[0]) + " labels but " +
                             images_file.filename().string() + " declares " + std::to_string(images.dims[0]) +
                             " images; expected one label per image");
    if (shape != nullptr && ((*shape)[0] != images.dims[1] || (*shape)[1] != images.dims[2]))
        throw file_error(images_file, 8, images.compressed ? file_error::offset_kind::decompressed
                                                           : file_error::offset_kind::file,
                         "the test images are " + std::to_string(images.dims[1]) + " x " +
                             std::to_string(images.dims[2]) + "; expected " + std::to_string((*shape)[0]) + " x " +
                             std::to_string((*shape)[1]) + " like the training images");

    dataset d;
    d.sample_shape = {images.dims[1], images.dims[2]};
    d.images.resize(images.bytes.size());
    scale_pixels(images.bytes.data(), d.images.data(), images.bytes.size());
    d.labels.assign(labels.bytes.begin(), labels.bytes.end());
    return d;
}

}  // namespace detail

// Reads {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz from `dir`; an empty `dir` means
// $CTNET_FASHION_MNIST_DIR if set and non-empty, else /usr/share/datasets/fashion-mnist (Debian's
// dataset-fashion-mnist). Pixels are scaled to [0, 1] as x / 255.f; labels are class indices 0..9;
// sample_shape is the file's rows x columns ({28, 28} for the published data, not enforced here: a model
// whose input does not match says so when it binds the data).
// Throws ctnet::file_error naming the file and byte offset on any missing, corrupt or inconsistent file.
inline fashion_mnist_data fashion_mnist(const std::filesystem::path& dir = {}) {
    const auto where = detail::fashion_mnist_dir(dir);
    fashion_mnist_data data;
    data.train = detail::fashion_mnist_part(where, "train", nullptr);
    data.test = detail::fashion_mnist_part(where, "t10k", &data.train.sample_shape);
    return data;
}

}  // namespace ctnet::datasets
