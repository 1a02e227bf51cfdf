// The exception every ctnet file reader throws: it names the file, the byte offset and what was expected.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

namespace ctnet {

// A reader that finds its file missing, unreadable or malformed throws this and returns nothing, so no caller
// ever sees a half-loaded value. `offset` counts bytes of the data the format is defined on: for a gzip file
// that is the decompressed stream (where an IDX header's fields live), and the message says so, because a
// user who opens the .gz file in a hex editor would otherwise look at the wrong byte.
struct file_error : std::runtime_error {
    enum class offset_kind : std::uint8_t {
        file,          // byte offset in the file as stored on disk
        decompressed,  // byte offset in the stream after gzip decompression
    };

    std::filesystem::path file;
    std::uint64_t offset;
    offset_kind kind;
    std::string reason;  // what was expected and what was found, without the location

    file_error(std::filesystem::path file_, std::uint64_t offset_, offset_kind kind_, std::string reason_)
        : std::runtime_error(format(file_, offset_, kind_, reason_)),
          file(std::move(file_)),
          offset(offset_),
          kind(kind_),
          reason(std::move(reason_)) {}

private:
    static std::string format(const std::filesystem::path& f, std::uint64_t off, offset_kind k,
                              const std::string& why) {
        std::string s = f.string();
        s += ": at byte ";
        s += std::to_string(off);
        if (k == offset_kind::decompressed) s += " of the decompressed stream";
        s += ": ";
        s += why;
        return s;
    }
};

}  // namespace ctnet
