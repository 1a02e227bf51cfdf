// The committed hostile-file corpus (tests/data/hostile/, written by make_hostile.py): every file its
// MANIFEST lists is refused with a file_error that names the file and holds the listed text, and a
// model is unchanged after each refused load; the MANIFEST and the directory list the same files.
#define BOOST_TEST_MODULE io_hostile_files
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cn = ctnet;

namespace {

// The network make_hostile.py writes its files for.
using net = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::prelu>, cn::dense<5>, cn::batch_norm<>,
                           cn::relu, cn::dense<3, cn::softmax>>;

const std::filesystem::path hostile_dir = std::filesystem::path(CTNET_REFERENCE_DIR).parent_path() / "data" / "hostile";
const std::filesystem::path seed_dir =
    std::filesystem::path(CTNET_REFERENCE_DIR).parent_path() / "fuzz" / "corpus" / "fuzz_safetensors";

struct entry {
    std::string file;
    std::string expected;
};

std::vector<entry> manifest() {
    std::ifstream in(hostile_dir / "MANIFEST");
    BOOST_REQUIRE_MESSAGE(in, "cannot read " << (hostile_dir / "MANIFEST"));
    std::vector<entry> out;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto tab = line.find('\t');
        BOOST_REQUIRE_MESSAGE(tab != std::string::npos && tab + 1 < line.size(), "MANIFEST line without a tab: " << line);
        out.push_back({line.substr(0, tab), line.substr(tab + 1)});
    }
    return out;
}

// Both arenas, bytes and padding alike.
std::vector<unsigned char> arenas_of(const net& m) {
    std::vector<unsigned char> b(4 * (net::plan().param_floats + net::plan().state_floats));
    std::memcpy(b.data(), m.parameters(), 4 * net::plan().param_floats);
    std::memcpy(b.data() + 4 * net::plan().param_floats, m.state(), 4 * net::plan().state_floats);
    return b;
}

} // namespace

BOOST_AUTO_TEST_CASE(manifest_and_directory_list_the_same_files) {
    std::set<std::string> listed;
    for (const auto& e : manifest()) {
        BOOST_TEST(listed.insert(e.file).second, "listed twice: " << e.file);
    }
    std::set<std::string> present;
    for (const auto& f : std::filesystem::directory_iterator(hostile_dir)) {
        if (!f.is_regular_file()) continue;  // e.g. a __pycache__ left by importing make_hostile.py
        const std::string n = f.path().filename().string();
        if (n != "MANIFEST" && n != "make_hostile.py") present.insert(n);
    }
    for (const auto& n : present) BOOST_TEST(listed.count(n) == 1u, n << " is in the directory, not in MANIFEST");
    for (const auto& n : listed) BOOST_TEST(present.count(n) == 1u, n << " is in MANIFEST, not in the directory");
    BOOST_TEST(listed.size() >= 50u);
}

BOOST_AUTO_TEST_CASE(every_file_is_refused_with_its_message_and_changes_nothing) {
    const auto entries = manifest();
    std::size_t weights = 0, idx_files = 0;
    for (const auto& e : entries) {
        const auto path = hostile_dir / e.file;
        BOOST_TEST_CONTEXT(e.file) {
            const bool is_weights = path.extension() == ".safetensors";
            net m{cn::seed{11}};
            const auto before = arenas_of(m);
            std::string what = "no error";
            try {
                if (is_weights) m.load_weights(path);
                else (void)cn::idx::read(path);
            } catch (const cn::file_error& err) {
                what = err.what();
                BOOST_TEST((err.file == path));
            }
            BOOST_TEST(what.find(path.string() + ": at byte ") == 0u, what);
            BOOST_TEST(what.find(e.expected) != std::string::npos, "expected \"" << e.expected << "\" in: " << what);
            BOOST_TEST((arenas_of(m) == before));
            ++(is_weights ? weights : idx_files);
        }
    }
    BOOST_TEST(weights >= 30u);
    BOOST_TEST(idx_files >= 20u);
}

// The hostile files are edits of make_hostile.py's valid file, which must be what ctnet itself writes:
// it loads, and saving the model gives the same tensors and data bytes (the metadata's version may differ).
BOOST_AUTO_TEST_CASE(the_generator_s_valid_file_is_what_ctnet_writes) {
    const auto file = seed_dir / "valid_ctnet.safetensors";
    const auto bytes = cn::safetensors::read_bytes(file);
    net m{cn::seed{12}};
    m.load_weights(file);
    const auto saved = cn::detail::weights_io<net>::bytes_of(m);
    const auto a = cn::safetensors::parse_header(bytes, file);
    const auto b = cn::safetensors::parse_header(saved, "saved");
    BOOST_REQUIRE(a.tensors.size() == b.tensors.size());
    for (std::size_t i = 0; i < a.tensors.size(); ++i) {
        BOOST_TEST_CONTEXT(a.tensors[i].name) {
            BOOST_TEST(a.tensors[i].name == b.tensors[i].name);
            BOOST_TEST(a.tensors[i].dtype == b.tensors[i].dtype);
            BOOST_TEST((a.tensors[i].shape == b.tensors[i].shape));
            BOOST_TEST(a.tensors[i].begin == b.tensors[i].begin);
            BOOST_TEST(a.tensors[i].end == b.tensors[i].end);
        }
    }
    BOOST_TEST((a.metadata.at("network") == b.metadata.at("network")));
    BOOST_TEST(a.data_start == b.data_start);
    BOOST_TEST((std::vector<unsigned char>(bytes.begin() + static_cast<std::ptrdiff_t>(a.data_start), bytes.end()) ==
                std::vector<unsigned char>(saved.begin() + static_cast<std::ptrdiff_t>(b.data_start), saved.end())));

    // Keras's file of the same weights holds dense_1's bias, which ctnet folds into the moving mean.
    net k{cn::seed{13}};
    k.load_weights(seed_dir / "valid_keras_dropped_bias.safetensors");
    BOOST_TEST((std::vector<float>(k.parameters(), k.parameters() + net::plan().param_floats) ==
                std::vector<float>(m.parameters(), m.parameters() + net::plan().param_floats)));
}
