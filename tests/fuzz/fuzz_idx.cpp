// libFuzzer target: the bytes as an IDX file (plain or gzip), read by ctnet::idx::read.
//
// idx::read takes a path, so the input goes into a memory file (memfd_create) opened through
// /proc/self/fd: the reader sees a regular file of the input's size, with no disk I/O and no
// change to the library's API. A ctnet::file_error naming the file is the expected outcome of a bad
// file; anything else is a finding: a crash or sanitizer report, another exception (uncaught, so
// libFuzzer reports it), or an accepted file whose array does not match its header (a plain file is
// then exactly the header and the payload).
#include <sys/mman.h>
#include <unistd.h>

#include <ctnet/io/idx.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

[[noreturn]] void finding(const char* what) {
    std::fprintf(stderr, "fuzz_idx: %s\n", what);
    std::abort();
}

int memory_file() {
    static const int fd = ::memfd_create("fuzz_idx", MFD_CLOEXEC);
    if (fd < 0) finding("memfd_create failed");
    return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memory_file();
    if (::ftruncate(fd, 0) != 0) finding("ftruncate failed");
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(done));
        if (n <= 0) finding("pwrite failed");
        done += static_cast<std::size_t>(n);
    }
    const std::filesystem::path name = "/proc/self/fd/" + std::to_string(fd);
    ctnet::idx a;
    try {
        a = ctnet::idx::read(name);
    } catch (const ctnet::file_error& e) {
        if (e.file != name || std::string(e.what()).rfind(name.string() + ": at byte ", 0) != 0)
            finding("a file_error that does not start with the file's name and a byte offset");
        return 0;
    }
    std::uint64_t n = 1;
    for (auto d : a.dims) n *= d;
    if (a.dims.empty() || a.dims.size() > 255 || n != a.bytes.size()) finding("the array does not match its dimensions");
    if (!a.compressed) {
        if (size != a.header_size() + a.bytes.size()) finding("a plain file accepted with more or fewer bytes than its header");
        std::vector<std::uint8_t> rebuilt{0, 0, 0x08, static_cast<std::uint8_t>(a.dims.size())};
        for (auto d : a.dims)
            for (int s = 24; s >= 0; s -= 8) rebuilt.push_back(static_cast<std::uint8_t>(d >> s));
        rebuilt.insert(rebuilt.end(), a.bytes.begin(), a.bytes.end());
        if (std::memcmp(rebuilt.data(), data, size) != 0) finding("a plain file's array differs from its bytes");
    }
    return 0;
}
