// Reading one unsigned-byte IDX array (the MNIST file format) from a gzip or plain file, treating the file as hostile.
#pragma once

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ctnet/io/file_error.hpp"

namespace ctnet {

namespace detail {

// The bytes of a file, inflated if it starts with the gzip magic 1f 8b, delivered in order.
//
// Inflate is driven directly rather than through gzread because gzread silently drops bytes after the last
// gzip member and cannot say where in the compressed file it stopped; a hostile-file reader has to report
// both. Concatenated gzip members are accepted, as gzip(1) and gzread do; anything else after a member
// is an error. read() delivers fewer bytes than asked only at a clean end of the data: a cut-off or
// corrupt gzip stream throws instead, so a short count always means "the data really ends here".
class byte_stream {
public:
    explicit byte_stream(const std::filesystem::path& file) : path_(file) {
        std::error_code ec;
        if (std::filesystem::is_directory(file, ec))
            fail_at(0, file_error::offset_kind::file, "cannot read: this is a directory, not a file");
        file_.reset(std::fopen(file.c_str(), "rb"));
        if (!file_)
            fail_at(0, file_error::offset_kind::file,
                    std::string("cannot open the file: ") + std::strerror(errno));
        const auto size = std::filesystem::file_size(file, ec);
        if (!ec) file_size_ = size;

        // Small files get a small buffer: datasets are read once, but tests and fuzzers open thousands.
        const std::uint64_t want =
            file_size_ == 0 ? buffer_size : std::clamp<std::uint64_t>(file_size_, 64, buffer_size);
        buffer_.resize(static_cast<std::size_t>(want));
        ensure_input(2);
        compressed_ = end_ - begin_ >= 2 && buffer_[0] == 0x1f && buffer_[1] == 0x8b;
        if (compressed_) {
            zs_ = std::make_unique<z_stream>();
            // 16 + 15: gzip wrapper only, 32 KiB window; zlib then checks the header, CRC-32 and ISIZE.
            if (inflateInit2(zs_.get(), 16 + MAX_WBITS) != Z_OK) {
                zs_.reset();
                throw std::bad_alloc();
            }
        }
    }

    byte_stream(const byte_stream&) = delete;
    byte_stream& operator=(const byte_stream&) = delete;
    ~byte_stream() {
        if (zs_) inflateEnd(zs_.get());
    }

    bool compressed() const noexcept { return compressed_; }
    std::uint64_t position() const noexcept { return position_; }
    // Size of the file on disk, or 0 if unknown (a pipe, a file that vanished after opening).
    std::uint64_t file_size() const noexcept { return file_size_; }
    file_error::offset_kind offset_kind() const noexcept {
        return compressed_ ? file_error::offset_kind::decompressed : file_error::offset_kind::file;
    }

    [[noreturn]] void fail(std::uint64_t offset, std::string reason) const {
        fail_at(offset, offset_kind(), std::move(reason));
    }

    std::size_t read(std::uint8_t* dst, std::size_t n) {
        const std::size_t got = compressed_ ? read_gzip(dst, n) : read_plain(dst, n);
        position_ += got;
        return got;
    }

private:
    static constexpr std::size_t buffer_size = std::size_t{1} << 18;

    struct file_closer {
        void operator()(std::FILE* f) const noexcept { std::fclose(f); }
    };

    [[noreturn]] void fail_at(std::uint64_t offset, file_error::offset_kind kind, std::string reason) const {
        throw file_error(path_, offset, kind, std::move(reason));
    }

    // Compressed bytes consumed so far: for messages about the gzip layer.
    std::uint64_t compressed_position() const noexcept {
        return file_read_ - static_cast<std::uint64_t>(end_ - begin_);
    }

    std::string compressed_where() const {
        std::string s = "compressed byte " + std::to_string(compressed_position());
        if (file_size_ != 0) s += " of " + std::to_string(file_size_);
        return s;
    }

    // Make at least k unread bytes available in buffer_[begin_, end_) unless the file ends first.
    void ensure_input(std::size_t k) {
        if (end_ - begin_ >= k) return;
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
        while (end_ < k && !at_eof_) {
            const std::size_t r = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
            end_ += r;
            file_read_ += r;
            if (r == 0) {
                if (std::ferror(file_.get()))
                    fail_at(compressed_position(), file_error::offset_kind::file,
                            std::string("read error: ") + std::strerror(errno));
                at_eof_ = true;
            }
        }
    }

    std::size_t read_plain(std::uint8_t* dst, std::size_t n) {
        std::size_t got = std::min(n, end_ - begin_);
        if (got != 0) std::memcpy(dst, buffer_.data() + begin_, got);  // dst may be null when n == 0
        begin_ += got;
        // Large reads go straight into the caller's buffer: no second copy of a 47 MB payload.
        while (got < n && !at_eof_) {
            const std::size_t r = std::fread(dst + got, 1, n - got, file_.get());
            got += r;
            file_read_ += r;
            if (r == 0) {
                if (std::ferror(file_.get()))
                    fail_at(position_ + got, file_error::offset_kind::file,
                            std::string("read error: ") + std::strerror(errno));
                at_eof_ = true;
            }
        }
        return got;
    }

    std::size_t read_gzip(std::uint8_t* dst, std::size_t n) {
        z_stream& z = *zs_;
        std::size_t got = 0;
        while (got < n) {
            if (member_done_) {
                ensure_input(2);
                if (end_ == begin_) break;  // clean end after the last member's trailer
                if (end_ - begin_ < 2 || buffer_[begin_] != 0x1f || buffer_[begin_ + 1] != 0x8b)
                    fail(position_ + got,
                         "unexpected bytes after the end of the gzip data (at " + compressed_where() +
                             "): expected the end of the file or another gzip member (1f 8b)");
                inflateReset(&z);
                member_done_ = false;
            }
            ensure_input(1);
            if (end_ == begin_)
                fail(position_ + got, "the gzip data is cut off: the file ends at " + compressed_where() +
                                          " before the end of the compressed stream (truncated file)");
            z.next_in = buffer_.data() + begin_;
            z.avail_in = static_cast<uInt>(end_ - begin_);
            z.next_out = dst + got;
            z.avail_out = static_cast<uInt>(std::min<std::size_t>(n - got, UINT_MAX));
            const int rc = inflate(&z, Z_NO_FLUSH);
            got += static_cast<std::size_t>(z.next_out - (dst + got));
            begin_ = end_ - z.avail_in;
            switch (rc) {
            case Z_STREAM_END: member_done_ = true; break;
            case Z_OK:
            case Z_BUF_ERROR: break;  // progress made, or more input needed: the loop supplies it
            case Z_MEM_ERROR: throw std::bad_alloc();
            default: fail(position_ + got, gzip_error_text(z.msg));
            }
        }
        return got;
    }

    std::string gzip_error_text(const char* msg) const {
        const std::string_view m = msg ? msg : "unknown zlib error";
        std::string s = "corrupt gzip data at " + compressed_where() + ": ";
        if (m == "incorrect data check")
            s += "the CRC-32 in the gzip trailer does not match the decompressed data";
        else if (m == "incorrect length check")
            s += "the length in the gzip trailer (ISIZE) does not match the decompressed data";
        else
            s += "the compressed stream is invalid";
        s += " (zlib: ";
        s += m;
        s += ')';
        return s;
    }

    std::filesystem::path path_;
    std::unique_ptr<std::FILE, file_closer> file_;
    std::unique_ptr<z_stream> zs_;
    std::vector<std::uint8_t> buffer_;
    std::size_t begin_ = 0, end_ = 0;  // unread bytes of buffer_
    std::uint64_t file_read_ = 0;      // bytes read from the file
    std::uint64_t file_size_ = 0;
    std::uint64_t position_ = 0;       // bytes delivered
    bool at_eof_ = false;
    bool compressed_ = false;
    bool member_done_ = false;
};

inline std::string hex_byte(std::uint8_t b) {
    constexpr char digits[] = "0123456789abcdef";
    return {digits[b >> 4], digits[b & 15]};
}

inline std::string_view idx_type_name(std::uint8_t type) {
    switch (type) {
    case 0x08: return "unsigned byte";
    case 0x09: return "signed byte";
    case 0x0B: return "16-bit integer";
    case 0x0C: return "32-bit integer";
    case 0x0D: return "32-bit float";
    case 0x0E: return "64-bit float";
    default: return {};
    }
}

}  // namespace detail

// One IDX array: its dimensions and its bytes, row-major as stored (the first dimension is the sample count).
//
// IDX layout (http://yann.lecun.com/exdb/mnist/): magic 00 00 <type> <rank>, then rank big-endian u32
// dimensions, then the data. ctnet reads type 08 (unsigned byte) only: it is the type of every MNIST-family
// file, and accepting the others would mean byte-swapping paths no dataset exercises.
struct idx {
    // What the caller demands of the file. Everything is checked against the header before the data is
    // allocated, and against the bytes actually present after.
    struct requirements {
        std::size_t rank = 0;                           // 0: any rank from 1 to 255
        std::uint64_t max_bytes = std::uint64_t{1} << 28;  // 256 MiB; Fashion-MNIST's largest file is 47 MB
        std::string_view what = "IDX array";            // named in messages, e.g. "Fashion-MNIST labels"
    };

    std::vector<std::size_t> dims;
    std::vector<std::uint8_t> bytes;  // product of dims bytes
    bool compressed = false;          // the file was gzip; error offsets then count decompressed bytes

    std::size_t header_size() const noexcept { return 4 + 4 * dims.size(); }

    static idx read(const std::filesystem::path& file) { return read(file, requirements{}); }

    // Throws file_error (naming the file, the byte offset and what was expected) if the file is missing,
    // unreadable, not gzip-or-IDX, corrupt, truncated, longer than its header says, or breaks `req`.
    static idx read(const std::filesystem::path& file, const requirements& req) {
        detail::byte_stream in(file);
        const std::string what(req.what);

        std::array<std::uint8_t, 4> magic{};
        if (const std::size_t got = in.read(magic.data(), 4); got < 4)
            in.fail(got, got == 0 ? "the data is empty; expected an IDX magic number 00 00 08 <rank> (" +
                                        what + ")"
                                  : "the data holds only " + std::to_string(got) +
                                        " of the 4 bytes of an IDX magic number 00 00 08 <rank> (" + what + ")");
        if (magic[0] != 0 || magic[1] != 0) {
            std::string s = "expected an IDX magic number 00 00 08 <rank> (" + what + "), found";
            for (auto b : magic) s += ' ' + detail::hex_byte(b);
            if (magic[0] == 0x1f && !in.compressed()) s += " (not gzip either: gzip data starts 1f 8b)";
            in.fail(magic[0] != 0 ? 0 : 1, std::move(s));
        }
        if (magic[2] != 0x08) {
            const auto name = detail::idx_type_name(magic[2]);
            in.fail(2, name.empty() ? "invalid IDX data type 0x" + detail::hex_byte(magic[2]) +
                                          "; the format defines 08, 09, 0b, 0c, 0d, 0e, and ctnet reads "
                                          "08 (unsigned byte)"
                                    : "unsupported IDX data type 0x" + detail::hex_byte(magic[2]) + " (" +
                                          std::string(name) + "); ctnet reads only 08 (unsigned byte)");
        }
        const std::size_t rank = magic[3];
        if (rank == 0) in.fail(3, "IDX rank 0; expected " + rank_text(req.rank) + " (" + what + ")");
        if (req.rank != 0 && rank != req.rank)
            in.fail(3, "expected IDX rank " + std::to_string(req.rank) + " (" + what + "), found rank " +
                           std::to_string(rank));

        idx out;
        out.compressed = in.compressed();
        std::array<std::uint8_t, 4 * 255> raw{};
        if (const std::size_t got = in.read(raw.data(), 4 * rank); got < 4 * rank)
            in.fail(4 + got, "the data ends inside the IDX header: rank " + std::to_string(rank) + " needs " +
                                 std::to_string(4 + 4 * rank) + " header bytes, only " +
                                 std::to_string(4 + got) + " are present");
        out.dims.resize(rank);
        for (std::size_t i = 0; i < rank; ++i)
            out.dims[i] = std::size_t{raw[4 * i]} << 24 | std::size_t{raw[4 * i + 1]} << 16 |
                          std::size_t{raw[4 * i + 2]} << 8 | std::size_t{raw[4 * i + 3]};

        // Any zero extent makes the product 0 whatever the others are: test for it first so that the order
        // of the dimensions cannot turn a valid empty array into an overflow (or the reverse).
        std::uint64_t payload = 1;
        if (std::find(out.dims.begin(), out.dims.end(), std::size_t{0}) != out.dims.end()) {
            payload = 0;
        } else {
            for (std::size_t i = 0; i < rank; ++i) {
                if (payload > UINT64_MAX / out.dims[i])
                    in.fail(4 + 4 * i, "the IDX dimensions " + dims_text(out.dims) +
                                           " overflow a 64-bit byte count");
                payload *= out.dims[i];
            }
        }
        const std::uint64_t header = out.header_size();
        if (payload > req.max_bytes)
            in.fail(4, "the IDX header declares " + std::to_string(payload) + " bytes of data (" +
                           dims_text(out.dims) + "), more than the limit of " + std::to_string(req.max_bytes) +
                           " bytes (ctnet::idx::requirements::max_bytes)");
        // Decide the size before allocating it: a plain file must hold exactly header + payload bytes, and
        // DEFLATE cannot expand more than 1032:1 (258 bytes from one 2-bit length/distance pair).
        if (const std::uint64_t size = in.file_size(); size != 0) {
            // Written without header + payload, which a caller's max_bytes near 2^64 could overflow.
            const std::uint64_t present = size > header ? size - header : 0;
            if (!in.compressed() && present < payload)
                in.fail(header + present, short_text(present, payload, out.dims));
            if (!in.compressed() && present > payload)
                in.fail(header + payload, long_text(payload, out.dims));
            if (in.compressed() && payload / 1032 > size)
                in.fail(header, "the IDX header declares " + std::to_string(payload) + " bytes of data (" +
                                    dims_text(out.dims) + ") but a gzip file of " + std::to_string(size) +
                                    " bytes cannot inflate to more than 1032 times its size: the file is "
                                    "truncated or the header is corrupt");
        }

        // Only a plain file of known size has been checked to hold exactly the payload: read it straight into
        // its buffer. A pipe gives no size, and a gzip file's bound is 1032 times its size (256 KiB of gzip
        // may claim 256 MiB), so those buffers grow with the bytes that actually arrive.
        if (in.file_size() != 0 && !in.compressed()) {
            out.bytes.resize(static_cast<std::size_t>(payload));
            if (const std::size_t got = in.read(out.bytes.data(), out.bytes.size()); got < payload)
                in.fail(header + got, short_text(got, payload, out.dims));
        } else {
            read_growing(in, out, payload, header);
        }
        // Reading one byte past the payload also makes zlib verify the gzip trailer (CRC-32, ISIZE).
        std::uint8_t extra = 0;
        if (in.read(&extra, 1) != 0) in.fail(header + payload, long_text(payload, out.dims));
        return out;
    }

private:
    // Chunks for a stream of unknown size: the first is small, later ones double up to the cap, so a 47 MB
    // file takes a dozen reallocations and a header that lies costs at most one chunk beyond the bytes read.
    static constexpr std::size_t first_chunk = std::size_t{1} << 16;
    static constexpr std::size_t max_chunk = std::size_t{1} << 24;

    // Reads the payload into a buffer that grows with the bytes that arrive instead of being allocated from
    // the header's claim, so the largest allocation is the bytes read plus one chunk.
    static void read_growing(detail::byte_stream& in, idx& out, std::uint64_t payload, std::uint64_t header) {
        std::size_t have = 0;
        while (have < payload) {
            const std::size_t step = std::clamp(have, first_chunk, max_chunk);
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(payload, have + step));
            out.bytes.reserve(want);  // exactly want: resize alone may double the capacity past the claim
            out.bytes.resize(want);
            const std::size_t got = in.read(out.bytes.data() + have, want - have);
            have += got;
            if (have < want) in.fail(header + have, short_text(have, payload, out.dims));
        }
    }

    static std::string rank_text(std::size_t rank) {
        return rank == 0 ? "a rank from 1 to 255" : "rank " + std::to_string(rank);
    }
    static std::string dims_text(const std::vector<std::size_t>& dims) {
        std::string s;
        for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? " x " : "") + std::to_string(dims[i]);
        return s;
    }
    static std::string short_text(std::uint64_t got, std::uint64_t payload, const std::vector<std::size_t>& dims) {
        return "the data ends after " + std::to_string(got) + " of the " + std::to_string(payload) +
               " bytes that the IDX header declares (" + dims_text(dims) + "): the file is truncated";
    }
    static std::string long_text(std::uint64_t payload, const std::vector<std::size_t>& dims) {
        return "the data continues past the " + std::to_string(payload) + " bytes that the IDX header declares (" +
               dims_text(dims) + "): trailing bytes, or a header that understates the dimensions";
    }
};

}  // namespace ctnet
