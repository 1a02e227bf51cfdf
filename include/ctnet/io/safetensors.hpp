// safetensors: the weights format the Python ecosystem reads without running code: an 8-byte
// little-endian header length, a JSON header, then the tensors' bytes. The reader treats a file
// as hostile; the writer replaces a file atomically.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <ctnet/io/file_error.hpp>

namespace ctnet::safetensors {

static_assert(std::endian::native == std::endian::little,
              "ctnet reads and writes safetensors' little-endian bytes in place");

/// The reference implementation's bound on the header (100 MB); a larger length field is refused
/// before anything is allocated for it.
inline constexpr std::uint64_t max_header_bytes = 100'000'000;

/// One tensor as the header describes it: `begin`/`end` are byte offsets in the data area (which
/// starts at `header::data_start` in the file).
struct tensor_info {
    std::string name;
    std::string dtype;                 // "F32", "F16", "BF16", "I64", ...
    std::vector<std::uint64_t> shape;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

struct header {
    std::map<std::string, std::string> metadata;  // `__metadata__`, string to string
    std::vector<tensor_info> tensors;             // in file order (ascending offsets)
    std::uint64_t data_start = 0;                 // file offset of the data area
};

/// Bytes per element of a safetensors dtype, 0 for a name the format does not define.
inline std::uint64_t dtype_size(const std::string& d) {
    static const std::map<std::string, std::uint64_t> sizes{
        {"BOOL", 1}, {"U8", 1}, {"I8", 1},   {"F8_E5M2", 1}, {"F8_E4M3", 1}, {"I16", 2},  {"U16", 2},
        {"F16", 2},  {"BF16", 2}, {"I32", 4}, {"U32", 4},    {"F32", 4},     {"F64", 8},  {"I64", 8},
        {"U64", 8}};
    const auto it = sizes.find(d);
    return it == sizes.end() ? 0 : it->second;
}

inline std::string shape_text(const std::vector<std::uint64_t>& s) {
    std::string t = "(";
    for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
    return t + (s.size() == 1 ? ",)" : ")");
}

namespace detail {

[[noreturn]] inline void fail(const std::filesystem::path& f, std::uint64_t at, std::string why) {
    throw file_error(f, at, file_error::offset_kind::file, std::move(why));
}

// Thrown from nlohmann's parse callback to stop at once: a duplicate key or nesting deeper than a
// safetensors header has.
struct stop_parse {
    std::string why;
};

inline std::uint64_t unsigned_field(const nlohmann::json& v, const std::filesystem::path& f, std::uint64_t at,
                                    const std::string& what) {
    if (!v.is_number_unsigned()) fail(f, at, what + " is " + v.dump() + ", not an unsigned integer");
    return v.get<std::uint64_t>();
}

} // namespace detail

/// Parses and checks the header of the safetensors bytes `file` (all of it; `name` is for
/// messages). Every check is made before anything is sized by a field: the length field against
/// the file and max_header_bytes; the header is one JSON object, with no duplicate key at any level
/// and nested no deeper than the format; `__metadata__` maps strings to strings; every other entry
/// is {"dtype": a known dtype, "shape": unsigned integers, "data_offsets": [begin, end]} and nothing
/// else, with end - begin equal to the shape's elements times the dtype's size (no overflow); the
/// tensors, in offset order, cover the data area exactly, as the reference implementation demands:
/// no overlap, no hole, nothing after. Throws file_error (file, byte offset, reason).
inline header parse_header(std::span<const unsigned char> file, const std::filesystem::path& name) {
    using detail::fail;
    if (file.size() < 8)
        fail(name, 0, "the file is " + std::to_string(file.size()) +
                          " bytes long; a safetensors file starts with an 8-byte header length");
    std::uint64_t length = 0;
    std::memcpy(&length, file.data(), 8);
    const std::uint64_t room = file.size() - 8;
    if (length > max_header_bytes)
        fail(name, 0, "header length " + std::to_string(length) + " is over the format's bound of " +
                          std::to_string(max_header_bytes) + " bytes");
    if (length > room)
        fail(name, 0, "header length " + std::to_string(length) + " runs past the end of the file (" +
                          std::to_string(room) + " bytes follow the length field): the file is truncated");
    if (length < 2 || file[8] != '{') fail(name, 8, "the header is not a JSON object (it must start with '{')");

    const auto* first = reinterpret_cast<const char*>(file.data() + 8);
    std::vector<std::vector<std::string>> keys;  // the keys seen in each open object
    auto guard = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        using ev = nlohmann::json::parse_event_t;
        if (depth > 3) throw detail::stop_parse{"the header nests deeper than a safetensors header does"};
        if (event == ev::object_start) keys.emplace_back();
        else if (event == ev::object_end && !keys.empty()) keys.pop_back();
        else if (event == ev::key && !keys.empty()) {
            const std::string k = parsed.get<std::string>();
            auto& seen = keys.back();
            if (std::find(seen.begin(), seen.end(), k) != seen.end())
                throw detail::stop_parse{"the key \"" + k + "\" appears twice in one object"};
            seen.push_back(k);
        }
        return true;
    };
    nlohmann::json h;
    try {
        h = nlohmann::json::parse(first, first + length, guard);
    } catch (const nlohmann::json::parse_error& e) {
        fail(name, 8 + (e.byte == 0 ? 0 : e.byte - 1), std::string("the header is not valid JSON: ") + e.what());
    } catch (const detail::stop_parse& e) {
        fail(name, 8, e.why);
    } catch (const nlohmann::json::exception& e) {
        // Valid JSON that nlohmann cannot hold: a number beyond double's range (out_of_range.406).
        fail(name, 8, std::string("the header holds a value out of range: ") + e.what());
    }
    if (!h.is_object()) fail(name, 8, "the header is not a JSON object");

    header out;
    out.data_start = 8 + length;
    const std::uint64_t data_size = file.size() - out.data_start;
    for (const auto& [key, value] : h.items()) {
        if (key == "__metadata__") {
            if (!value.is_object()) fail(name, 8, "__metadata__ is not an object");
            for (const auto& [k, v] : value.items()) {
                if (!v.is_string()) fail(name, 8, "__metadata__ \"" + k + "\" is not a string");
                out.metadata.emplace(k, v.get<std::string>());
            }
            continue;
        }
        const std::string what = "tensor '" + key + "'";
        if (!value.is_object() || value.size() != 3 || !value.contains("dtype") || !value.contains("shape") ||
            !value.contains("data_offsets"))
            fail(name, 8, what + " is not {\"dtype\", \"shape\", \"data_offsets\"}");
        tensor_info t;
        t.name = key;
        if (!value["dtype"].is_string()) fail(name, 8, what + ": dtype is not a string");
        t.dtype = value["dtype"].get<std::string>();
        const std::uint64_t size = dtype_size(t.dtype);
        if (size == 0) fail(name, 8, what + ": unknown dtype \"" + t.dtype + "\"");
        const auto& shape = value["shape"];
        if (!shape.is_array()) fail(name, 8, what + ": shape is not an array");
        std::uint64_t elements = 1;
        bool overflow = false;
        for (const auto& d : shape) {
            const std::uint64_t n = detail::unsigned_field(d, name, 8, what + ": a dimension");
            t.shape.push_back(n);
            if (n != 0 && elements > std::numeric_limits<std::uint64_t>::max() / n) overflow = true;
            else elements *= n;
        }
        const auto& offsets = value["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2) fail(name, 8, what + ": data_offsets is not [begin, end]");
        t.begin = detail::unsigned_field(offsets[0], name, 8, what + ": data_offsets' begin");
        t.end = detail::unsigned_field(offsets[1], name, 8, what + ": data_offsets' end");
        if (t.begin > t.end) fail(name, 8, what + ": data_offsets begin after they end");
        if (t.end > data_size)
            fail(name, 8, what + ": its bytes [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                              ") run past the data area's " + std::to_string(data_size) + " bytes (the file is truncated?)");
        if (overflow || elements > (t.end - t.begin) / size || elements * size != t.end - t.begin)
            fail(name, 8, what + ": shape " + shape_text(t.shape) + " of " + t.dtype + " does not fill its " +
                              std::to_string(t.end - t.begin) + " bytes");
        out.tensors.push_back(std::move(t));
    }
    std::sort(out.tensors.begin(), out.tensors.end(), [](const tensor_info& a, const tensor_info& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t at = 0;
    for (const auto& t : out.tensors) {
        if (t.begin < at)
            fail(name, out.data_start + t.begin, "tensor '" + t.name + "' overlaps the tensor before it");
        if (t.begin > at)
            fail(name, out.data_start + at, "a hole of " + std::to_string(t.begin - at) +
                                                " bytes before tensor '" + t.name + "' (no tensor covers them)");
        at = t.end;
    }
    if (at != data_size)
        fail(name, out.data_start + at, std::to_string(data_size - at) + " bytes after the last tensor belong to none");
    return out;
}

/// Every byte of `file` (a regular file or a pipe), grown as bytes arrive, never sized by the
/// file's own fields. Throws file_error if it cannot be opened or read.
inline std::vector<unsigned char> read_bytes(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) detail::fail(file, 0, "cannot read: this is a directory, not a file");
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!f) detail::fail(file, 0, std::string("cannot open the file: ") + std::strerror(errno));
    std::vector<unsigned char> bytes;
    unsigned char chunk[65536];
    for (;;) {
        const std::size_t n = std::fread(chunk, 1, sizeof chunk, f.get());
        bytes.insert(bytes.end(), chunk, chunk + n);
        if (n < sizeof chunk) {
            if (std::ferror(f.get()))
                detail::fail(file, bytes.size(), std::string("cannot read: ") + std::strerror(errno));
            break;
        }
    }
    return bytes;
}

/// A tensor to write: F32 values, row-major, `shape`'s product of them at `data`.
struct f32_tensor {
    std::string name;
    std::vector<std::uint64_t> shape;
    const float* data = nullptr;
};

/// The safetensors bytes of `tensors` (in this order in the data area) and `metadata`. The header
/// is compact JSON (keys sorted) padded with spaces so that the data area starts at a multiple of
/// 8, as the reference implementation writes it; the same tensors give the same bytes.
inline std::vector<unsigned char> serialize(const std::vector<f32_tensor>& tensors,
                                            const std::map<std::string, std::string>& metadata) {
    nlohmann::json h = nlohmann::json::object();
    if (!metadata.empty()) h["__metadata__"] = metadata;
    std::uint64_t at = 0;
    for (const auto& t : tensors) {
        std::uint64_t n = 1;
        for (auto d : t.shape) n *= d;
        h[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {at, at + 4 * n}}};
        at += 4 * n;
    }
    std::string text = h.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    std::vector<unsigned char> out(8 + text.size() + at);
    const std::uint64_t length = text.size();
    std::memcpy(out.data(), &length, 8);
    std::memcpy(out.data() + 8, text.data(), text.size());
    unsigned char* p = out.data() + 8 + text.size();
    for (const auto& t : tensors) {
        std::uint64_t n = 1;
        for (auto d : t.shape) n *= d;
        if (n != 0) std::memcpy(p, t.data, 4 * n);
        p += 4 * n;
    }
    return out;
}

/// Replaces `file` with `bytes`, atomically: the bytes go to a new temporary file in the same
/// directory, which is flushed to the disk (fsync), renamed over `file`, and the directory flushed.
/// A reader, or a crash at any moment, sees the old file or the new one, never a mixture. On an
/// error (no such directory, no permission, disk full) the temporary is removed, `file` is
/// untouched, and a file_error names `file`, how many bytes were written, and the system's reason.
/// The new file has the permissions of a newly created file (0666 less the umask).
inline void write_atomically(const std::filesystem::path& file, std::span<const unsigned char> bytes) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    std::filesystem::path tmp;
    int fd = -1;
    for (int attempt = 0; fd < 0; ++attempt) {
        tmp = dir / ("." + file.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                     std::to_string(counter.fetch_add(1)));
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && (errno != EEXIST || attempt > 100))
            detail::fail(file, 0, std::string("cannot create a temporary file in ") + dir.string() + ": " +
                                      std::strerror(errno) + " (the file is untouched)");
    }
    auto give_up = [&](std::uint64_t at, const char* doing) {
        const int e = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        detail::fail(file, at, std::string(doing) + ": " + std::strerror(e) + " (the file is untouched)");
    };
    std::uint64_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = ENOSPC;
            give_up(done, "cannot write");
        }
        done += static_cast<std::uint64_t>(n);
    }
    if (::fsync(fd) != 0) give_up(done, "cannot flush to the disk");
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        errno = e;
        detail::fail(file, done, std::string("cannot close: ") + std::strerror(e) + " (the file is untouched)");
    }
    if (::rename(tmp.c_str(), file.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        detail::fail(file, 0, std::string("cannot replace the file: ") + std::strerror(e) + " (the file is untouched)");
    }
    // The rename is durable once the directory is flushed; a failure here leaves the new file in place.
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

} // namespace ctnet::safetensors
