// Weights files: safetensors with Keras's names, written atomically, read as hostile input.
#define BOOST_TEST_MODULE io_weights
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "io_test_files.hpp"

#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace cn = ctnet;

namespace {

using bn_net = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::prelu>, cn::dense<5>, cn::batch_norm<>,
                              cn::relu, cn::dense<3, cn::softmax>>;
using other_net = cn::sequential<cn::input<4>, cn::dense<7>, cn::dense<3, cn::softmax>>;

std::vector<float> params_of(const bn_net& m) {
    return {m.parameters(), m.parameters() + bn_net::plan().param_floats};
}
std::vector<float> state_of(const bn_net& m) { return {m.state(), m.state() + bn_net::plan().state_floats}; }

std::vector<unsigned char> file_bytes(const std::filesystem::path& p) { return cn::safetensors::read_bytes(p); }

void write_bytes(const std::filesystem::path& p, const std::vector<unsigned char>& b) {
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// A model whose moving statistics are not the initial ones, so that a lost state would show.
bn_net trained_like(std::uint64_t seed) {
    bn_net m{cn::seed{seed}};
    for (const auto& w : cn::weight_slots<bn_net>())
        if (!w.trainable)
            for (std::size_t i = 0; i < w.count; ++i) m.state()[w.offset + i] += 0.25f + 0.01f * static_cast<float>(i);
    return m;
}

std::string error_of(bn_net& m, const std::filesystem::path& p) {
    try {
        m.load_weights(p);
    } catch (const cn::file_error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

BOOST_AUTO_TEST_CASE(names_and_shapes_are_keras_s) {
    std::vector<std::string> got;
    for (const auto& w : cn::weight_slots<bn_net>()) got.push_back(w.name + " " + cn::safetensors::shape_text(w.shape));
    const std::vector<std::string> want{
        "batch_normalization/gamma (4,)", "batch_normalization/beta (4,)", "batch_normalization/moving_mean (4,)",
        "batch_normalization/moving_variance (4,)", "dense/kernel (4, 6)", "dense/bias (6,)", "p_re_lu/alpha (6,)",
        "dense_1/kernel (6, 5)", "batch_normalization_1/gamma (5,)", "batch_normalization_1/beta (5,)",
        "batch_normalization_1/moving_mean (5,)", "batch_normalization_1/moving_variance (5,)",
        "dense_2/kernel (5, 3)", "dense_2/bias (3,)"};
    BOOST_TEST(got == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(round_trip_is_bitwise_and_the_bytes_are_deterministic) {
    io_test::scratch_dir dir;
    const bn_net a = trained_like(3);
    a.save_weights(dir.path / "a.safetensors");
    bn_net b{cn::seed{4}};
    BOOST_TEST(params_of(b) != params_of(a));
    b.load_weights(dir.path / "a.safetensors");
    BOOST_TEST(params_of(b) == params_of(a), boost::test_tools::per_element());
    BOOST_TEST(state_of(b) == state_of(a), boost::test_tools::per_element());
    cn::save_weights(b, dir.path / "b.safetensors");
    BOOST_TEST(file_bytes(dir.path / "a.safetensors") == file_bytes(dir.path / "b.safetensors"));
    const std::vector<float> x{0.5f, -1.0f, 2.0f, 0.25f};
    BOOST_TEST(a.predict(x) == b.predict(x), boost::test_tools::per_element());
    // Nothing but the file is left in the directory (the temporary was renamed).
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++entries;
    BOOST_TEST(entries == 2u);
}

BOOST_AUTO_TEST_CASE(another_architecture_names_the_first_tensor_that_does_not_fit) {
    io_test::scratch_dir dir;
    other_net o{cn::seed{1}};
    o.save_weights(dir.path / "o.safetensors");
    bn_net m = trained_like(5);
    const auto before = params_of(m);
    const std::string e = error_of(m, dir.path / "o.safetensors");
    BOOST_TEST(e.find("the file has no tensor 'batch_normalization/gamma' (shape (4,))") != std::string::npos, e);
    BOOST_TEST(e.find("(the file was written for: input(4) dense(7,linear) dense(3,softmax))") != std::string::npos, e);
    BOOST_TEST(params_of(m) == before);

    bn_net src = trained_like(6);
    src.save_weights(dir.path / "m.safetensors");
    other_net o2{cn::seed{2}};
    try {
        o2.load_weights(dir.path / "m.safetensors");
        BOOST_FAIL("loaded a file of another architecture");
    } catch (const cn::file_error& err) {
        const std::string w = err.what();
        BOOST_TEST(w.find("tensor 'dense/kernel' has shape (4, 6); this network's is (4, 7)") != std::string::npos, w);
    }
}

// Hostile files made from a valid one; each is refused with its reason, and the model is unchanged.
BOOST_AUTO_TEST_CASE(hostile_files_are_refused_and_change_nothing) {
    io_test::scratch_dir dir;
    const bn_net src = trained_like(7);
    src.save_weights(dir.path / "good.safetensors");
    const auto good = file_bytes(dir.path / "good.safetensors");
    std::uint64_t hlen = 0;
    std::memcpy(&hlen, good.data(), 8);
    const std::string header(good.begin() + 8, good.begin() + 8 + static_cast<std::ptrdiff_t>(hlen));
    auto with_header = [&](std::string h) {
        h.append((8 - h.size() % 8) % 8, ' ');
        const std::uint64_t n = h.size();
        std::vector<unsigned char> b(8 + h.size() + (good.size() - 8 - hlen));
        std::memcpy(b.data(), &n, 8);
        std::memcpy(b.data() + 8, h.data(), h.size());
        std::copy(good.begin() + 8 + static_cast<std::ptrdiff_t>(hlen), good.end(), b.begin() + 8 + static_cast<std::ptrdiff_t>(n));
        return b;
    };
    auto replaced = [&](const std::string& from, const std::string& to) {
        std::string h = header;
        const auto at = h.find(from);
        BOOST_REQUIRE(at != std::string::npos);
        h.replace(at, from.size(), to);
        return with_header(h);
    };
    struct hostile {
        std::string name;
        std::vector<unsigned char> bytes;
        std::string error;
    };
    std::vector<hostile> cases;
    cases.push_back({"empty", {}, "the file is 0 bytes long"});
    cases.push_back({"truncated_length", {good.begin(), good.begin() + 5}, "the file is 5 bytes long"});
    cases.push_back({"truncated_header", {good.begin(), good.begin() + 40}, "runs past the end of the file"});
    cases.push_back({"truncated_data", {good.begin(), good.end() - 7}, "run past the data area"});
    {
        auto b = good;
        const std::uint64_t huge = 1ull << 62;
        std::memcpy(b.data(), &huge, 8);
        cases.push_back({"huge_header_length", b, "is over the format's bound"});
    }
    cases.push_back({"not_json", with_header("{\"a\": nope}"), "the header is not valid JSON"});
    cases.push_back({"not_an_object", with_header("[1, 2]"), "the header is not a JSON object"});
    cases.push_back({"wrong_dtype", replaced("\"dtype\":\"F32\"", "\"dtype\":\"I32\""), "is I32; ctnet reads F32 weights"});
    cases.push_back({"unknown_dtype", replaced("\"dtype\":\"F32\"", "\"dtype\":\"F33\""), "unknown dtype \"F33\""});
    cases.push_back({"offsets_past_end", replaced("\"data_offsets\":[0,16]", "\"data_offsets\":[0,99999]"),
                     "run past the data area"});
    cases.push_back({"overlap", replaced("\"data_offsets\":[16,32]", "\"data_offsets\":[0,16]"), "overlaps the tensor before it"});
    cases.push_back({"negative_dimension", replaced("\"shape\":[4]", "\"shape\":[-4]"), "not an unsigned integer"});
    cases.push_back({"shape_does_not_fill", replaced("\"shape\":[4]", "\"shape\":[5]"), "does not fill its 16 bytes"});
    cases.push_back({"duplicate_name", replaced("\"batch_normalization/beta\"", "\"batch_normalization/gamma\""),
                     "appears twice in one object"});
    cases.push_back({"nested_too_deep", replaced("\"shape\":[4]", "\"shape\":[[4]]"), "nests deeper"});
    cases.push_back({"renamed_tensor", replaced("\"dense_2/bias\"", "\"dense_9/bias\""), "the file has no tensor 'dense_2/bias'"});
    {
        auto b = good;
        const float nan = std::nanf("");
        std::memcpy(b.data() + 8 + hlen, &nan, 4);  // the first tensor's first element (data offset 0)
        cases.push_back({"nan_weight", b, "element 0 is nan; weights are finite"});
    }
    {
        std::vector<cn::safetensors::f32_tensor> tensors;
        for (const auto& w : cn::weight_slots<bn_net>())
            tensors.push_back({w.name, w.shape, (w.trainable ? src.parameters() : src.state()) + w.offset});
        const float extra[2] = {1.0f, 2.0f};
        tensors.push_back({"dense_7/bias", {2}, extra});
        cases.push_back({"extra_tensor", cn::safetensors::serialize(tensors, {}),
                         "the file holds tensor 'dense_7/bias' (2,), which this network has no place for"});
    }
    for (const auto& c : cases) {
        const auto path = dir.path / (c.name + ".safetensors");
        write_bytes(path, c.bytes);
        bn_net m = trained_like(8);
        const auto p0 = params_of(m), s0 = state_of(m);
        const std::string e = error_of(m, path);
        BOOST_TEST_CONTEXT(c.name) {
            BOOST_TEST(e.find(c.error) != std::string::npos, e);
            BOOST_TEST(e.find(path.string()) == 0u, e);
            BOOST_TEST(params_of(m) == p0);
            BOOST_TEST(state_of(m) == s0);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_failed_save_leaves_the_old_file) {
    io_test::scratch_dir dir;
    const bn_net a = trained_like(9);
    a.save_weights(dir.path / "w.safetensors");
    const auto before = file_bytes(dir.path / "w.safetensors");
    // The target is a directory: the rename fails; nothing is left behind.
    std::filesystem::create_directory(dir.path / "d");
    BOOST_CHECK_THROW(a.save_weights(dir.path / "d"), cn::file_error);
    // A directory that does not exist.
    try {
        a.save_weights(dir.path / "missing" / "w.safetensors");
        BOOST_FAIL("saved into a missing directory");
    } catch (const cn::file_error& e) {
        BOOST_TEST(std::string(e.what()).find("the file is untouched") != std::string::npos, e.what());
    }
    BOOST_TEST(file_bytes(dir.path / "w.safetensors") == before);
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++entries;
    BOOST_TEST(entries == 2u);  // w.safetensors and d
}
