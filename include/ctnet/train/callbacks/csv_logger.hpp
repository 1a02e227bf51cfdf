// csv_logger: write each epoch's logs as a row of a CSV file during fit (Keras 3's CSVLogger).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/history.hpp>

namespace ctnet {

/// Keras 3.15's CSVLogger(filename, separator=",", append=False): `cn::csv_logger{"history.csv"}`,
/// or `{.filename = "history.csv", .separator = ';', .append = true}`.
/// - The columns are `epoch` (from 0), then the first epoch's log keys sorted (Python's sorted);
///   when none of them starts with `val_`, Keras adds `val_<key>` for each key, so a fit without
///   validation data has `val_loss` (and `val_accuracy`, ...) columns holding `NA`. A key missing
///   from a later epoch's logs is written `NA`; a key not in the header is not written. Rows are
///   formatted by the function history::to_csv uses (detail::append_csv_row): numbers as
///   Python's repr, `nan`, `inf`, lines ending in "\r\n", Python's csv quoting.
/// - append = false: the file is replaced; append = true: rows are added after what it holds,
///   with the header only when it is empty or absent (Keras reads its first line). The header is
///   not compared with the old one (Keras does not either).
/// - Every epoch's end leaves the file complete: the whole text so far (the kept old contents,
///   the header, each epoch's row) is written to a temporary next to it and renamed over it, so a
///   crash at any point leaves the epochs logged so far and never a half-written row (Keras
///   flushes the open file each epoch instead). Until the first epoch ends the old file is left
///   as it was. on_train_begin checks that the file can be written (a temporary next to it is
///   created and removed), so an unwritable directory fails before the first step; errors are
///   std::filesystem::filesystem_error naming the file.
struct csv_logger {
    std::string filename;
    char separator = ',';
    bool append = false;

    // State (reset by on_train_begin): the header's keys (Keras's `keys`), and the text the file
    // holds after the last epoch.
    std::optional<std::vector<std::string>> keys{};
    std::string contents{};

    void on_train_begin(const logs&, training_control&) {
        contents.clear();
        keys.reset();
        if (append) contents = read_existing();
        // Fail now, not after an epoch of work, when the directory cannot hold the file.
        detail::check_writable(filename, "ctnet::csv_logger");
    }

    void on_epoch_end(std::size_t epoch, logs& l, training_control&) {
        if (!keys) {
            std::vector<std::string> k;
            for (const auto& [name, v] : l.entries()) k.push_back(name);
            std::sort(k.begin(), k.end());
            bool val_found = false;
            for (const auto& name : k) val_found = val_found || name.starts_with("val_");
            if (!val_found && !k.empty()) {
                const std::size_t n = k.size();
                for (std::size_t i = 0; i < n; ++i) k.push_back("val_" + k[i]);
            }
            keys = std::move(k);
            if (contents.empty()) detail::append_csv_header(contents, *keys, separator);
        }
        std::vector<std::optional<double>> row;
        row.reserve(keys->size());
        for (const auto& k : *keys) row.push_back(l[k]);
        detail::append_csv_row(contents, epoch, row, separator);
        detail::write_file_atomically(filename, contents, "ctnet::csv_logger");
    }

private:
    std::string read_existing() const {
        std::string s;
        std::FILE* f = std::fopen(filename.c_str(), "rb");
        if (!f) return s;  // absent: nothing to keep (Keras's exists check)
        char buf[4096];
        std::size_t got = 0;
        while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, got);
        const bool bad = std::ferror(f) != 0;
        std::fclose(f);
        if (bad)
            throw std::filesystem::filesystem_error("ctnet::csv_logger: cannot read " + filename + " to append to it",
                                                    filename, std::make_error_code(std::errc::io_error));
        return s;
    }
};

} // namespace ctnet
