// ctnet::idx::read: round trips through plain and gzip files, and one named error per malformed input.
#define BOOST_TEST_MODULE io_idx
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <new>
#include <random>
#include <thread>
#include <utility>

#include "ctnet/io/idx.hpp"
#include "io_test_files.hpp"

using namespace io_test;
using ctnet::idx;

// The largest single allocation since the last reset: lets a test prove that a header's claim was checked
// against the file before the payload buffer was allocated, which no message can show.
namespace {
std::atomic<std::size_t> largest_allocation{0};
}
[[gnu::noinline]] void* operator new(std::size_t n) {
    std::size_t seen = largest_allocation.load();
    while (n > seen && !largest_allocation.compare_exchange_weak(seen, n)) {
    }
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
// Not inlined: g++ 12 would otherwise see free() applied to the result of a new-expression and warn
// (-Wmismatched-new-delete), though this new is malloc.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

const std::uint32_t max_u32 = 0xFFFFFFFFu;

idx read_any(const std::filesystem::path& p) { return idx::read(p); }

// Writes the same IDX bytes plain and gzip-compressed; each case runs on both.
struct both {
    std::filesystem::path plain_file, gz_file;
    both(const scratch_dir& dir, const std::string& name, const bytes& b)
        : plain_file(dir / name), gz_file(dir / (name + ".gz")) {
        write_plain(plain_file, b);
        write_gz(gz_file, b);
    }
    // (file, offset kind) for both copies; clang 14 cannot capture structured bindings, hence .first/.second.
    std::array<std::pair<std::filesystem::path, ctnet::file_error::offset_kind>, 2> cases() const {
        return {{{plain_file, plain}, {gz_file, inflated}}};
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(valid_files)

BOOST_AUTO_TEST_CASE(rank3_round_trip_plain_and_gzip) {
    scratch_dir dir;
    const bytes payload = pattern(5 * 3 * 4, 11);
    both f(dir, "images", idx_image({5, 3, 4}, payload));
    for (const auto& p : {f.plain_file, f.gz_file}) {
        const idx a = idx::read(p, {.rank = 3});
        BOOST_TEST(a.dims == (std::vector<std::size_t>{5, 3, 4}), p);
        BOOST_TEST(a.bytes == payload, p);
        BOOST_TEST(a.header_size() == 16u);
        BOOST_TEST(a.compressed == (p == f.gz_file));
    }
}

BOOST_AUTO_TEST_CASE(any_rank_when_not_required) {
    scratch_dir dir;
    const bytes one = pattern(7);
    both r1(dir, "r1", idx_image({7}, one));
    BOOST_TEST(read_any(r1.gz_file).bytes == one);
    const bytes four = pattern(2 * 3 * 1 * 5, 3);
    both r4(dir, "r4", idx_image({2, 3, 1, 5}, four));
    const idx a = read_any(r4.plain_file);
    BOOST_TEST(a.dims == (std::vector<std::size_t>{2, 3, 1, 5}));
    BOOST_TEST(a.bytes == four);
}

BOOST_AUTO_TEST_CASE(large_payload_spans_many_reads) {
    // 3 MiB: larger than the 256 KiB input buffer and zlib's window, so refills and member ends are exercised.
    scratch_dir dir;
    const bytes payload = pattern(3 * 1024 * 1024, 5);
    both f(dir, "big", idx_image({3 * 1024, 1024}, payload));
    BOOST_TEST((idx::read(f.plain_file).bytes == payload));
    BOOST_TEST((idx::read(f.gz_file).bytes == payload));
}

BOOST_AUTO_TEST_CASE(zero_count_is_an_empty_array) {  // I6
    scratch_dir dir;
    both f(dir, "empty", idx_image({0, 28, 28}, {}));
    for (const auto& p : {f.plain_file, f.gz_file}) {
        const idx a = idx::read(p, {.rank = 3});
        BOOST_TEST(a.dims == (std::vector<std::size_t>{0, 28, 28}));
        BOOST_TEST(a.bytes.empty());
    }
}

BOOST_AUTO_TEST_CASE(zero_dim_wins_over_overflow_in_any_order) {  // I8
    scratch_dir dir;
    both first(dir, "zero_first", idx_image({0, max_u32, max_u32}, {}));
    both last(dir, "zero_last", idx_image({max_u32, max_u32, max_u32, 0}, {}));
    for (const auto& p : {first.plain_file, first.gz_file, last.plain_file, last.gz_file})
        BOOST_TEST(read_any(p).bytes.empty(), p);
}

BOOST_AUTO_TEST_CASE(concatenated_gzip_members_are_one_stream) {  // G16: accepted, as gzip(1) and gzread do
    scratch_dir dir;
    const bytes whole = idx_image({4, 10}, pattern(40));
    const auto p = dir / "two_members.gz";
    write_gz(p, bytes(whole.begin(), whole.begin() + 10));
    write_gz(p, bytes(whole.begin() + 10, whole.end()), "ab");
    write_gz(p, {}, "ab");  // an empty third member
    const idx a = read_any(p);
    BOOST_TEST(a.bytes == pattern(40));
}

BOOST_AUTO_TEST_CASE(gzip_header_fields_are_skipped) {  // FNAME, FHCRC, and a maximal FEXTRA (G7's shape)
    scratch_dir dir;
    const bytes b = idx_image({3, 2}, pattern(6));
    const auto p = dir / "header_fields.gz";
    write_plain(p, gzip_bytes(b, {.name = "images-idx2-ubyte", .extra = bytes(65535, 0x41), .header_crc = true}));
    BOOST_TEST(read_any(p).bytes == pattern(6));
}

BOOST_AUTO_TEST_SUITE_END()

// Every case below names the file, the byte offset, and (for gzip) that the offset counts decompressed bytes.
BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(missing_file) {
    scratch_dir dir;
    const auto p = dir / "nope.gz";
    require_file_error([&] { read_any(p); }, p, 0, plain, {"cannot open the file", "No such file or directory"});
}

BOOST_AUTO_TEST_CASE(directory_instead_of_file) {
    scratch_dir dir;
    require_file_error([&] { read_any(dir.path); }, dir.path, 0, plain, {"directory"});
}

// Root reads anything, so the permission case cannot arise there: skipped, not passed.
BOOST_AUTO_TEST_CASE(unreadable_file,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) { return ::geteuid() != 0; })) {
    scratch_dir dir;
    const auto p = dir / "secret";
    write_plain(p, idx_image({1}, {1}));
    ::chmod(p.c_str(), 0);
    require_file_error([&] { read_any(p); }, p, 0, plain, {"cannot open the file", "Permission denied"});
}

BOOST_AUTO_TEST_CASE(empty_file) {  // G1
    scratch_dir dir;
    const auto p = dir / "empty";
    write_plain(p, {});
    require_file_error([&] { read_any(p); }, p, 0, plain, {"the data is empty", "00 00 08"});
    const auto gz = dir / "empty.gz";  // a valid gzip member holding nothing
    write_gz(gz, {});
    require_file_error([&] { read_any(gz); }, gz, 0, inflated, {"the data is empty"});
}

BOOST_AUTO_TEST_CASE(one_byte) {  // G2
    scratch_dir dir;
    const auto p = dir / "one";
    write_plain(p, {0x1f});
    require_file_error([&] { read_any(p); }, p, 1, plain,
                       {"the data holds only 1 of the 4 bytes of an IDX magic number"});
}

BOOST_AUTO_TEST_CASE(not_gzip_not_idx) {  // G3: 1f 8c is neither
    scratch_dir dir;
    const auto p = dir / "bad_magic.gz";
    bytes b = gzip_bytes(idx_image({1}, {1}));
    b[1] = 0x8c;
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 0, plain,
                       {"expected an IDX magic number 00 00 08 <rank>", "found 1f 8c 08 00", "not gzip either"});
}

BOOST_AUTO_TEST_CASE(gzip_method_not_deflate) {  // G4
    scratch_dir dir;
    const auto p = dir / "method.gz";
    bytes b = gzip_bytes(idx_image({1}, {1}));
    b[2] = 7;
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 0, inflated,
                       {"corrupt gzip data at compressed byte", "unknown compression method"});
}

BOOST_AUTO_TEST_CASE(gzip_reserved_flags) {  // G5
    scratch_dir dir;
    const auto p = dir / "flags.gz";
    bytes b = gzip_bytes(idx_image({1}, {1}));
    b[3] |= 0xE0;
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 0, inflated, {"corrupt gzip data", "unknown header flags set"});
}

BOOST_AUTO_TEST_CASE(gzip_extra_field_past_eof) {  // G6
    scratch_dir dir;
    const auto p = dir / "fextra.gz";
    write_plain(p, {0x1f, 0x8b, 8, 4 /* FEXTRA */, 0, 0, 0, 0, 0, 3, 0xE8, 0x03 /* XLEN 1000 */, 1, 2, 3});
    require_file_error([&] { read_any(p); }, p, 0, inflated,
                       {"the gzip data is cut off", "ends at compressed byte 15 of 15", "truncated"});
}

BOOST_AUTO_TEST_CASE(gzip_name_without_nul) {  // G8
    scratch_dir dir;
    const auto p = dir / "fname.gz";
    write_plain(p, {0x1f, 0x8b, 8, 8 /* FNAME */, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c'});
    require_file_error([&] { read_any(p); }, p, 0, inflated, {"the gzip data is cut off", "truncated"});
}

BOOST_AUTO_TEST_CASE(gzip_header_crc_mismatch) {  // G9
    scratch_dir dir;
    const auto p = dir / "fhcrc.gz";
    bytes b = gzip_bytes(idx_image({1}, {1}), {.header_crc = true});
    b[10] ^= 0xFF;  // the CRC16 follows the 10-byte fixed header when no other field is present
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 0, inflated, {"corrupt gzip data", "header crc mismatch"});
}

BOOST_AUTO_TEST_CASE(deflate_stream_cut_in_half) {  // G10
    scratch_dir dir;
    const auto p = dir / "half.gz";
    // Incompressible-ish data so half the compressed bytes hold real blocks.
    bytes payload(200000);
    std::uint32_t x = 12345;
    for (auto& v : payload) v = static_cast<std::uint8_t>((x = x * 1664525u + 1013904223u) >> 24);
    const bytes gz = gzip_bytes(idx_image({200, 1000}, payload));
    write_plain(p, bytes(gz.begin(), gz.begin() + static_cast<std::ptrdiff_t>(gz.size() / 2)));
    try {
        read_any(p);
        BOOST_ERROR("expected file_error");
    } catch (const ctnet::file_error& e) {
        BOOST_TEST(e.offset > 12u);
        BOOST_TEST(e.offset < 200012u);
        require_file_error([&] { read_any(p); }, p, e.offset, inflated,
                           {"the gzip data is cut off", "truncated", "of " + std::to_string(gz.size() / 2)});
    }
}

BOOST_AUTO_TEST_CASE(invalid_deflate_codes) {  // G11
    scratch_dir dir;
    // Fixed-Huffman block: length code 257 (3 bytes), distance code 0 (1 back), with nothing written yet.
    const auto far = dir / "distance.gz";
    write_plain(far, gzip_around_raw_deflate({0x03, 0x02, 0x00}));
    require_file_error([&] { read_any(far); }, far, 0, inflated,
                       {"corrupt gzip data at compressed byte", "invalid distance too far back"});
    // Block type 11 is reserved.
    const auto type = dir / "blocktype.gz";
    write_plain(type, gzip_around_raw_deflate({0x07, 0x00}));
    require_file_error([&] { read_any(type); }, type, 0, inflated, {"invalid block type"});
}

BOOST_AUTO_TEST_CASE(gzip_crc_mismatch) {  // G12
    scratch_dir dir;
    const auto p = dir / "crc.gz";
    bytes b = gzip_bytes(idx_image({3, 4}, pattern(12)));
    b[b.size() - 8] ^= 0x01;
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 24, inflated,
                       {"the CRC-32 in the gzip trailer does not match", "incorrect data check"});
}

BOOST_AUTO_TEST_CASE(gzip_isize_mismatch) {  // G13
    scratch_dir dir;
    const auto p = dir / "isize.gz";
    bytes b = gzip_bytes(idx_image({3, 4}, pattern(12)));
    b[b.size() - 4] ^= 0x01;
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 24, inflated, {"ISIZE", "incorrect length check"});
}

BOOST_AUTO_TEST_CASE(gzip_trailer_missing) {  // G14
    scratch_dir dir;
    const auto p = dir / "notrailer.gz";
    bytes b = gzip_bytes(idx_image({3, 4}, pattern(12)));
    b.resize(b.size() - 8);
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 24, inflated,
                       {"the gzip data is cut off", "ends at compressed byte " + std::to_string(b.size())});
}

BOOST_AUTO_TEST_CASE(garbage_after_gzip_member) {  // G15
    scratch_dir dir;
    const auto p = dir / "garbage.gz";
    bytes b = gzip_bytes(idx_image({3, 4}, pattern(12)));
    const std::size_t member = b.size();
    for (char c : std::string("extra_bogus_data_for_polyglot_file")) b.push_back(static_cast<std::uint8_t>(c));
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 24, inflated,
                       {"unexpected bytes after the end of the gzip data",
                        "at compressed byte " + std::to_string(member) + " of " + std::to_string(b.size())});
    // A lone byte that could start a member is still not one.
    const auto q = dir / "garbage1.gz";
    bytes c = gzip_bytes(idx_image({3, 4}, pattern(12)));
    c.push_back(0x1f);
    write_plain(q, c);
    require_file_error([&] { read_any(q); }, q, 24, inflated, {"unexpected bytes after the end of the gzip data"});
}

BOOST_AUTO_TEST_CASE(corrupt_second_member) {
    scratch_dir dir;
    const auto p = dir / "second.gz";
    const bytes whole = idx_image({4, 10}, pattern(40));
    bytes b = gzip_bytes(bytes(whole.begin(), whole.begin() + 20));
    bytes tail = gzip_bytes(bytes(whole.begin() + 20, whole.end()));
    tail[tail.size() - 8] ^= 0x80;
    b.insert(b.end(), tail.begin(), tail.end());
    write_plain(p, b);
    require_file_error([&] { read_any(p); }, p, 52, inflated, {"CRC-32"});
}

BOOST_AUTO_TEST_CASE(gzip_bomb_stops_at_declared_size) {  // G17
    scratch_dir dir;
    const auto p = dir / "bomb.gz";
    bytes b = idx_image({4, 4}, pattern(16));
    b.resize(b.size() + (64u << 20), 0);  // 64 MiB of zeros behind a 16-byte payload: ~64 KiB compressed
    const bytes gz = gzip_bytes(b);
    BOOST_TEST(gz.size() < 200000u);
    write_plain(p, gz);
    require_file_error([&] { read_any(p); }, p, 28, inflated,
                       {"the data continues past the 16 bytes that the IDX header declares (4 x 4)"});
}

BOOST_AUTO_TEST_CASE(magic_not_zero) {  // I1
    scratch_dir dir;
    bytes b = idx_image({1}, {1});
    b[0] = 1;
    both f0(dir, "m0", b);
    require_file_error([&] { read_any(f0.plain_file); }, f0.plain_file, 0, plain, {"found 01 00 08 01"});
    require_file_error([&] { read_any(f0.gz_file); }, f0.gz_file, 0, inflated, {"found 01 00 08 01"});
    b[0] = 0;
    b[1] = 3;
    both f1(dir, "m1", b);
    require_file_error([&] { read_any(f1.gz_file); }, f1.gz_file, 1, inflated, {"found 00 03 08 01"});
}

BOOST_AUTO_TEST_CASE(other_idx_types_rejected) {  // I2
    scratch_dir dir;
    const std::pair<std::uint8_t, const char*> unsupported[] = {
        {0x09, "0x09 (signed byte)"},   {0x0B, "0x0b (16-bit integer)"}, {0x0C, "0x0c (32-bit integer)"},
        {0x0D, "0x0d (32-bit float)"}, {0x0E, "0x0e (64-bit float)"}};
    for (const auto& [type, text] : unsupported) {
        both f(dir, std::to_string(type) + "_type", idx_image({2}, bytes(16, 0), type));
        std::string expected = "unsupported IDX data type ";
        expected += text;
        for (const auto& c : f.cases())
            require_file_error([&] { read_any(c.first); }, c.first, 2, c.second,
                               {expected, "reads only 08 (unsigned byte)"});
    }
    both invalid(dir, "t10", idx_image({2}, bytes(2, 0), 0x0A));
    require_file_error([&] { read_any(invalid.gz_file); }, invalid.gz_file, 2, inflated,
                       {"invalid IDX data type 0x0a", "defines 08, 09, 0b, 0c, 0d, 0e"});
}

BOOST_AUTO_TEST_CASE(rank_zero) {  // I3
    scratch_dir dir;
    both f(dir, "r0", bytes{0, 0, 8, 0, 42});
    require_file_error([&] { read_any(f.gz_file); }, f.gz_file, 3, inflated, {"IDX rank 0", "a rank from 1 to 255"});
    require_file_error([&] { idx::read(f.plain_file, {.rank = 3, .what = "images"}); }, f.plain_file, 3, plain,
                       {"IDX rank 0; expected rank 3 (images)"});
}

BOOST_AUTO_TEST_CASE(wrong_rank) {  // I4
    scratch_dir dir;
    both labels(dir, "labels", idx_image({3}, {1, 2, 3}));
    require_file_error([&] { idx::read(labels.gz_file, {.rank = 3, .what = "images"}); }, labels.gz_file, 3,
                       inflated, {"expected IDX rank 3 (images), found rank 1"});
    both images(dir, "images", idx_image({1, 2}, {1, 2}));
    require_file_error([&] { idx::read(images.plain_file, {.rank = 1, .what = "labels"}); }, images.plain_file, 3,
                       plain, {"expected IDX rank 1 (labels), found rank 2"});
}

BOOST_AUTO_TEST_CASE(dims_past_eof) {  // I5
    scratch_dir dir;
    both f(dir, "r255", bytes{0, 0, 8, 255, 0, 0, 0, 1, 0, 0});
    for (const auto& c : f.cases())
        require_file_error([&] { read_any(c.first); }, c.first, 10, c.second,
                           {"the data ends inside the IDX header: rank 255 needs 1024 header bytes, "
                            "only 10 are present"});
}

BOOST_AUTO_TEST_CASE(dims_product_overflows) {  // I7
    scratch_dir dir;
    both f(dir, "overflow", idx_image({max_u32, max_u32, max_u32}, {}));
    for (const auto& c : f.cases())
        require_file_error([&] { read_any(c.first); }, c.first, 12, c.second,
                           {"the IDX dimensions 4294967295 x 4294967295 x 4294967295 overflow a 64-bit byte count"});
}

BOOST_AUTO_TEST_CASE(payload_one_byte_short) {  // I10
    scratch_dir dir;
    both f(dir, "short", idx_image({3, 4}, pattern(11)));
    require_file_error([&] { read_any(f.plain_file); }, f.plain_file, 23, plain,
                       {"the data ends after 11 of the 12 bytes that the IDX header declares (3 x 4)", "truncated"});
    require_file_error([&] { read_any(f.gz_file); }, f.gz_file, 23, inflated,
                       {"the data ends after 11 of the 12 bytes that the IDX header declares (3 x 4)"});
}

BOOST_AUTO_TEST_CASE(payload_one_byte_long) {  // I11
    scratch_dir dir;
    both f(dir, "long", idx_image({3, 4}, pattern(13)));
    for (const auto& c : f.cases())
        require_file_error([&] { read_any(c.first); }, c.first, 24, c.second,
                           {"the data continues past the 12 bytes that the IDX header declares (3 x 4)"});
}

BOOST_AUTO_TEST_CASE(header_only_declaring_fashion_mnist) {  // I14: no allocation of 47 MB for 16 bytes
    scratch_dir dir;
    both f(dir, "hdr", idx_image({60000, 28, 28}, {}));
    require_file_error([&] { read_any(f.plain_file); }, f.plain_file, 16, plain,
                       {"the data ends after 0 of the 47040000 bytes"});
    require_file_error([&] { read_any(f.gz_file); }, f.gz_file, 16, inflated,
                       {"declares 47040000 bytes of data (60000 x 28 x 28)",
                        "cannot inflate to more than 1032 times its size"});
}

BOOST_AUTO_TEST_CASE(size_checked_against_file_before_allocating) {
    // 200 MB declared (under the 256 MiB cap) by files of a few bytes: refused without a 200 MB buffer.
    scratch_dir dir;
    both f(dir, "claims", idx_image({200, 1000, 1000}, pattern(10)));
    for (const auto& c : f.cases()) {
        largest_allocation = 0;
        BOOST_CHECK_THROW(read_any(c.first), ctnet::file_error);
        BOOST_TEST(largest_allocation.load() < std::size_t{1} << 20, c.first);
    }
    // The probe sees a real payload allocation, so the check above can fail.
    both real(dir, "real", idx_image({2, 1024, 1024}, pattern(2 << 20)));
    largest_allocation = 0;
    BOOST_TEST(read_any(real.plain_file).bytes.size() == std::size_t{2} << 20);
    BOOST_TEST(largest_allocation.load() >= std::size_t{2} << 20);
}

// The bytes come through a pipe, as from `zcat file | prog /dev/stdin`: the reader gets no file size to check
// the header against. A writer thread feeds the write end; the reader opens the read end by its /dev/fd name.
struct piped {
    std::filesystem::path path;
    int fds[2] = {-1, -1};
    std::thread writer;
    explicit piped(bytes b) {
        if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
        path = "/dev/fd/" + std::to_string(fds[0]);
        writer = std::thread([fd = fds[1], b = std::move(b)] {
            std::size_t done = 0;
            while (done < b.size()) {
                const ssize_t w = ::write(fd, b.data() + done, b.size() - done);
                if (w <= 0) break;  // the reader gave up (EPIPE: SIGPIPE is ignored below)
                done += static_cast<std::size_t>(w);
            }
            ::close(fd);
        });
    }
    piped(const piped&) = delete;
    piped& operator=(const piped&) = delete;
    ~piped() {
        writer.join();
        ::close(fds[0]);
    }
};

BOOST_AUTO_TEST_CASE(pipe_round_trip_plain_and_gzip) {
    std::signal(SIGPIPE, SIG_IGN);
    const bytes payload = pattern(300000, 5);  // past the first chunk and the stream's 256 KiB buffer
    const bytes image = idx_image({3, 100000}, payload);
    for (const bytes& b : {image, gzip_bytes(image)}) {
        piped p(b);
        const idx a = read_any(p.path);
        BOOST_TEST(a.dims == (std::vector<std::size_t>{3, 100000}), boost::test_tools::per_element());
        BOOST_TEST(a.bytes == payload, boost::test_tools::per_element());
    }
    piped exact(idx_image({4}, {1, 2, 3, 4}));
    BOOST_TEST(read_any(exact.path).bytes == (bytes{1, 2, 3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pipe_with_lying_header_allocates_what_arrives) {
    // 2^28 bytes declared (exactly the default limit), 8 present. A pipe has no size, so only the bytes
    // that arrive may be allocated: the reader fails at their end after one small chunk, not 256 MiB.
    std::signal(SIGPIPE, SIG_IGN);
    const bytes image = idx_image({std::uint32_t{1} << 28}, pattern(8));
    const std::pair<bytes, ctnet::file_error::offset_kind> cases[] = {{image, plain}, {gzip_bytes(image), inflated}};
    for (const auto& c : cases) {
        piped p(c.first);
        largest_allocation = 0;
        require_file_error([&] { read_any(p.path); }, p.path, 16, c.second,
                           {"the data ends after 8 of the 268435456 bytes that the IDX header declares (268435456)",
                            "truncated"});
        BOOST_TEST(largest_allocation.load() < std::size_t{1} << 20);
    }
    // Cut off later, the buffer still tracks the bytes read: 3 MiB present, at most one 16 MiB chunk more.
    const bytes longer = idx_image({std::uint32_t{1} << 28}, pattern(3 << 20));
    piped p(longer);
    largest_allocation = 0;
    require_file_error([&] { read_any(p.path); }, p.path, 8 + (3 << 20), plain,
                       {"the data ends after 3145728 of the 268435456 bytes"});
    BOOST_TEST(largest_allocation.load() <= (std::size_t{3} << 20) + (std::size_t{16} << 20));
    BOOST_TEST(largest_allocation.load() >= std::size_t{3} << 20);  // the probe sees the growing buffer
}

BOOST_AUTO_TEST_CASE(gzip_claim_within_deflate_bound_allocates_what_arrives) {
    // 300 KB of incompressible gzip may inflate to 300 MB by DEFLATE's bound, so a claim of 2^28 bytes passes
    // the size check; the buffer must still follow the 300,000 bytes that actually inflate.
    scratch_dir dir;
    const auto p = dir / "claims.gz";
    bytes noise(300000);
    std::mt19937 gen(9);
    for (auto& v : noise) v = static_cast<std::uint8_t>(gen());
    const bytes gz = gzip_bytes(idx_image({std::uint32_t{1} << 28}, noise));
    BOOST_TEST(gz.size() > (std::size_t{1} << 28) / 1032);
    write_plain(p, gz);
    largest_allocation = 0;
    require_file_error([&] { read_any(p); }, p, 8 + 300000, inflated,
                       {"the data ends after 300000 of the 268435456 bytes"});
    BOOST_TEST(largest_allocation.load() < std::size_t{1} << 20);
}

BOOST_AUTO_TEST_CASE(pipe_payload_one_byte_long) {
    std::signal(SIGPIPE, SIG_IGN);
    piped p(idx_image({3, 4}, pattern(13)));
    require_file_error([&] { read_any(p.path); }, p.path, 24, plain,
                       {"the data continues past the 12 bytes that the IDX header declares (3 x 4)"});
}

BOOST_AUTO_TEST_CASE(huge_count_fails_before_allocating) {  // I15
    scratch_dir dir;
    both f(dir, "huge", idx_image({0x80000000u, 28, 28}, pattern(100)));
    for (const auto& c : f.cases())
        require_file_error([&] { read_any(c.first); }, c.first, 4, c.second,
                           {"declares 1683627180032 bytes of data (2147483648 x 28 x 28)",
                            "more than the limit of 268435456 bytes"});
}

BOOST_AUTO_TEST_CASE(caller_limit) {
    scratch_dir dir;
    both f(dir, "limit", idx_image({10, 10}, pattern(100)));
    BOOST_TEST(idx::read(f.gz_file, {.max_bytes = 100}).bytes.size() == 100u);
    require_file_error([&] { idx::read(f.gz_file, {.max_bytes = 99}); }, f.gz_file, 4, inflated,
                       {"declares 100 bytes of data (10 x 10), more than the limit of 99 bytes"});
}

BOOST_AUTO_TEST_SUITE_END()
