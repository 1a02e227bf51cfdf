// Helpers of the history tests: a scratch directory per test program, reading a file whole, and
// a CSV reader independent of the writer (Python's csv module rules for what the writer emits).
#pragma once

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace ctnet_test {

/// A fresh directory under the temporary directory, removed at the end of the program.
inline const std::filesystem::path& scratch_dir() {
    struct dir {
        std::filesystem::path p;
        dir() {
            p = std::filesystem::temp_directory_path() / ("ctnet_history_test_" + std::to_string(::getpid()));
            std::filesystem::remove_all(p);
            std::filesystem::create_directories(p);
        }
        ~dir() {
            std::error_code ec;
            std::filesystem::remove_all(p, ec);
        }
    };
    static const dir d;
    return d.p;
}

inline std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void write_all(const std::filesystem::path& p, std::string_view text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

/// Files of `dir` whose name starts with `prefix` (to find a left-over temporary).
inline std::vector<std::string> files_starting_with(const std::filesystem::path& dir, std::string_view prefix) {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        const std::string n = e.path().filename().string();
        if (std::string_view(n).starts_with(prefix)) names.push_back(n);
    }
    return names;
}

/// Lines split on "\r\n" (every line must end so), fields on `sep`, with csv quoting undone.
inline std::vector<std::vector<std::string>> parse_csv(std::string_view text, char sep = ',') {
    std::vector<std::vector<std::string>> rows;
    std::size_t i = 0;
    while (i < text.size()) {
        std::vector<std::string> row;
        std::string field;
        bool quoted = false;
        for (;; ++i) {
            if (i >= text.size()) throw std::runtime_error("a line does not end with \\r\\n");
            const char c = text[i];
            if (quoted) {
                if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
                else if (c == '"') quoted = false;
                else field += c;
            } else if (c == '"') {
                quoted = true;
            } else if (c == sep) {
                row.push_back(field), field.clear();
            } else if (c == '\r') {
                if (i + 1 >= text.size() || text[i + 1] != '\n') throw std::runtime_error("\\r without \\n");
                i += 2;
                break;
            } else if (c == '\n') {
                throw std::runtime_error("\\n without \\r");
            } else {
                field += c;
            }
        }
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

/// A number as written (std::from_chars reads nan, inf, -inf too); throws unless it is all read.
inline double parse_number(std::string_view s) {
    double v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc{} || r.ptr != s.data() + s.size()) throw std::runtime_error("not a number: " + std::string(s));
    return v;
}

} // namespace ctnet_test
