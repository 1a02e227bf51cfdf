// Helpers for the io tests: a scratch directory, IDX byte images, gzip writers, and a file_error matcher.
#pragma once

#include <zlib.h>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "ctnet/io/file_error.hpp"

namespace io_test {

using bytes = std::vector<std::uint8_t>;

// A fresh directory under $TMPDIR, removed with everything in it at scope exit.
struct scratch_dir {
    std::filesystem::path path;
    scratch_dir() {
        std::string templ = (std::filesystem::temp_directory_path() / "ctnet-io-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path = templ;
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

inline void put_u32(bytes& b, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<std::uint8_t>(v >> shift));
}

// The IDX header for `dims` (magic 00 00 type rank, big-endian dims) followed by `payload`.
inline bytes idx_image(std::initializer_list<std::uint32_t> dims, const bytes& payload, std::uint8_t type = 0x08) {
    bytes b{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (auto d : dims) put_u32(b, d);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

// n bytes of a fixed, non-trivial pattern (every value 0..255 appears when n >= 256).
inline bytes pattern(std::size_t n, unsigned salt = 0) {
    bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>((i * 37u + salt) % 256u);
    return b;
}

inline void write_plain(const std::filesystem::path& p, const bytes& b) {
    std::ofstream out(p, std::ios::binary);
    out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
    if (!out) throw std::runtime_error("cannot write " + p.string());
}

inline bytes read_plain(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Written with zlib's gzopen/gzwrite, the way gzip(1)-compatible tools write; mode "ab" appends a member.
inline void write_gz(const std::filesystem::path& p, const bytes& b, const char* mode = "wb") {
    gzFile f = gzopen(p.c_str(), mode);
    if (f == nullptr) throw std::runtime_error("gzopen failed for " + p.string());
    if (!b.empty() && gzwrite(f, b.data(), static_cast<unsigned>(b.size())) != static_cast<int>(b.size()))
        throw std::runtime_error("gzwrite failed for " + p.string());
    if (gzclose(f) != Z_OK) throw std::runtime_error("gzclose failed for " + p.string());
}

// A gzip member in memory, with optional header fields (for the header-layer cases deflate writes itself).
struct gzip_options {
    std::string name{};       // FNAME if non-empty
    bytes extra{};            // FEXTRA if non-empty
    bool header_crc = false;  // FHCRC
};
inline bytes gzip_bytes(const bytes& data, const gzip_options& opt) {
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    gz_header h{};
    bytes name(opt.name.begin(), opt.name.end());
    name.push_back(0);
    bytes extra = opt.extra;
    if (!opt.name.empty()) h.name = name.data();
    if (!extra.empty()) {
        h.extra = extra.data();
        h.extra_len = static_cast<uInt>(extra.size());
    }
    h.hcrc = opt.header_crc ? 1 : 0;
    h.os = 3;
    deflateSetHeader(&z, &h);
    bytes out(deflateBound(&z, static_cast<uLong>(data.size())) + extra.size() + name.size() + 64);
    z.next_in = const_cast<Bytef*>(data.data());
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}
inline bytes gzip_bytes(const bytes& data) { return gzip_bytes(data, gzip_options{}); }

// A gzip member around hand-made raw DEFLATE bytes (for invalid-code cases no compressor produces).
inline bytes gzip_around_raw_deflate(const bytes& raw) {
    bytes b(10 + raw.size() + 8, 0);  // header, raw blocks, CRC-32 and ISIZE of empty output (zeros)
    const std::uint8_t header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    std::copy(std::begin(header), std::end(header), b.begin());
    std::copy(raw.begin(), raw.end(), b.begin() + 10);
    return b;
}

// Runs f, requires a file_error, and checks its fields and that what() names the file, the offset (with the
// decompressed-stream note when expected) and each of `needles`.
inline void require_file_error(const std::function<void()>& f, const std::filesystem::path& file,
                               std::uint64_t offset, ctnet::file_error::offset_kind kind,
                               std::initializer_list<std::string_view> needles) {
    try {
        f();
    } catch (const ctnet::file_error& e) {
        const std::string what = e.what();
        BOOST_TEST_INFO("what(): " << what);
        BOOST_TEST(e.file == file);
        BOOST_TEST(e.offset == offset);
        BOOST_TEST((e.kind == kind));
        BOOST_TEST(what.find(file.string()) != std::string::npos);
        const std::string at = "at byte " + std::to_string(offset) +
                               (kind == ctnet::file_error::offset_kind::decompressed
                                    ? " of the decompressed stream: "
                                    : ": ");
        BOOST_TEST(what.find(at) != std::string::npos, "missing \"" << at << "\" in: " << what);
        for (auto n : needles) BOOST_TEST(what.find(n) != std::string::npos, "missing \"" << n << "\" in: " << what);
        return;
    }
    BOOST_ERROR("expected ctnet::file_error for " << file);
}

constexpr auto plain = ctnet::file_error::offset_kind::file;
constexpr auto inflated = ctnet::file_error::offset_kind::decompressed;

}  // namespace io_test
