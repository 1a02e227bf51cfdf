// libFuzzer target: the bytes as a weights file, through the safetensors header parser and then into
// a small model with every kind of tensor (batch norm state, a PReLU alpha, a dropped dense bias).
//
// A ctnet::file_error naming the file is the expected outcome of a bad file; anything else is a
// finding: a crash or sanitizer report, another exception (uncaught, so libFuzzer reports it), a
// model whose parameters or state differ after a load that threw, or a load that succeeded but left
// a value the loader promises to refuse (non-finite, a negative moving variance) or that does not
// round-trip through save.
#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace cn = ctnet;

namespace {

using net = cn::sequential<cn::input<4>, cn::batch_norm<>, cn::dense<6, cn::prelu>, cn::dense<5>, cn::batch_norm<>,
                           cn::relu, cn::dense<3, cn::softmax>>;
using io = cn::detail::weights_io<net>;

const std::filesystem::path name = "fuzz.safetensors";

[[noreturn]] void finding(const char* what) {
    std::fprintf(stderr, "fuzz_safetensors: %s\n", what);
    std::abort();
}

std::vector<unsigned char> arenas_of(const net& m) {
    std::vector<unsigned char> b(4 * (net::plan().param_floats + net::plan().state_floats));
    std::memcpy(b.data(), m.parameters(), 4 * net::plan().param_floats);
    std::memcpy(b.data() + 4 * net::plan().param_floats, m.state(), 4 * net::plan().state_floats);
    return b;
}

void require_named(const cn::file_error& e) {
    if (e.file != name || std::string(e.what()).rfind(name.string() + ": at byte ", 0) != 0)
        finding("a file_error that does not start with the file's name and a byte offset");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const unsigned char> bytes(data, size);
    bool header_ok = true;
    try {
        const cn::safetensors::header h = cn::safetensors::parse_header(bytes, name);
        for (const auto& t : h.tensors)
            if (t.begin > t.end || h.data_start + t.end > size) finding("parse_header accepted a tensor outside the file");
    } catch (const cn::file_error& e) {
        require_named(e);
        header_ok = false;
    }

    static net model{cn::seed{1}};
    static const std::vector<unsigned char> initial = arenas_of(model);
    try {
        io::load(model, bytes, name);
    } catch (const cn::file_error& e) {
        require_named(e);
        if (arenas_of(model) != initial) finding("the model changed although load threw");
        return 0;
    }
    if (!header_ok) finding("load accepted a file whose header parse_header refused");

    // Loaded: every value the loader promises, and save then load gives the same arenas.
    for (const auto& w : cn::weight_slots<net>()) {
        const float* p = (w.trainable ? model.parameters() : model.state()) + w.offset;
        for (std::size_t i = 0; i < w.count; ++i)
            if (!std::isfinite(p[i]) || (w.name.ends_with("/moving_variance") && p[i] < 0.0f))
                finding(("a load left " + w.name + " element " + std::to_string(i) + " = " +
                         cn::detail::value_text(p[i]) + " in the model")
                            .c_str());
    }
    const auto loaded = arenas_of(model);
    const auto saved = io::bytes_of(model);
    net again{cn::seed{2}};
    io::load(again, saved, name);  // a file_error here escapes: libFuzzer reports it
    if (arenas_of(again) != loaded) finding("save after load does not round-trip");
    // The next input starts from the same model.
    std::memcpy(model.parameters(), initial.data(), 4 * net::plan().param_floats);
    std::memcpy(model.state(), initial.data() + 4 * net::plan().param_floats, 4 * net::plan().state_floats);
    return 0;
}
