// history: what fit returns, one value per epoch per metric (Keras's History.history), and its
// export as CSV, JSON and an SVG learning-curve figure.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <unistd.h>

namespace ctnet {

namespace detail {

/// `v` as Python's `repr(float)` prints it, the text Keras's CSVLogger writes: the shortest digits
/// that read back as the same double (std::to_chars), laid out by Python's rule (fixed notation
/// for a decimal exponent from -4 to 15, with ".0" on an integer value: `1.0`, `1000000000000000.0`;
/// scientific otherwise: `1e-05`, `1e+16`), and `nan`, `inf`, `-inf`.
inline std::string python_float_repr(double v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    std::array<char, 40> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::scientific);
    const std::string_view sci(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
    std::string out;
    std::size_t i = 0;
    if (sci[0] == '-') out += '-', i = 1;
    const std::size_t e = sci.find('e');
    std::string digits;
    for (std::size_t k = i; k < e; ++k)
        if (sci[k] != '.') digits += sci[k];
    int exponent = 0;
    std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
    const int point = exponent + 1;  // digits[0..point) before the decimal point
    const int n = static_cast<int>(digits.size());
    if (point <= -4 || point > 16) {
        out += digits[0];
        if (n > 1) out += '.', out.append(digits, 1);
        out += exponent < 0 ? "e-" : "e+";
        const int a = exponent < 0 ? -exponent : exponent;
        if (a < 10) out += '0';
        out += std::to_string(a);
    } else if (point <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-point), '0');
        out += digits;
    } else if (point >= n) {
        out += digits;
        out.append(static_cast<std::size_t>(point - n), '0');
        out += ".0";
    } else {
        out.append(digits, 0, static_cast<std::size_t>(point));
        out += '.';
        out.append(digits, static_cast<std::size_t>(point));
    }
    return out;
}

/// One field as Python's csv.excel dialect writes it (Keras's CSVLogger): quoted, with quotes
/// doubled, when it holds the separator, a quote, CR or LF.
inline void append_csv_field(std::string& out, std::string_view field, char separator) {
    if (field.find_first_of(std::string{separator, '"', '\r', '\n'}) == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (const char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

/// The header line of Keras's CSVLogger: `epoch`, then the keys (sorted by the caller), "\r\n".
inline void append_csv_header(std::string& out, std::span<const std::string> keys, char separator) {
    append_csv_field(out, "epoch", separator);
    for (const auto& k : keys) out += separator, append_csv_field(out, k, separator);
    out += "\r\n";
}

/// One row of Keras's CSVLogger: the 0-based epoch, then each key's value (repr(float)), or `NA`
/// for a key the epoch's logs lack. history::to_csv and csv_logger both write through this.
inline void append_csv_row(std::string& out, std::size_t epoch, std::span<const std::optional<double>> values,
                           char separator) {
    out += std::to_string(epoch);
    for (const auto& v : values) out += separator, append_csv_field(out, v ? python_float_repr(*v) : "NA", separator);
    out += "\r\n";
}

// A name for a temporary next to `file` that no one else uses (pid and a counter).
inline std::filesystem::path temporary_next_to(const std::filesystem::path& file) {
    static std::atomic<unsigned> counter{0};
    std::filesystem::path tmp = file;
    tmp += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return tmp;
}

[[noreturn]] inline void file_write_error(const char* who, const std::filesystem::path& file, const char* what, int err) {
    throw std::filesystem::filesystem_error(std::string(who) + ": cannot write " + file.string() + " (" + what + ")",
                                            file, std::error_code(err, std::generic_category()));
}

/// Writes `contents` to `file` so that no reader ever sees a half-written file: to a temporary
/// next to it (same directory, so the rename stays on one file system), flushed to the disk, then
/// renamed over `file`. On any failure the temporary is removed, `file` is as it was, and
/// std::filesystem::filesystem_error names `file` (path1) and says what failed, after `who`.
/// With `contents` null, only checks that the file could be written (the temporary is created
/// and removed; `file` is not touched).
inline void write_file_atomically(const std::filesystem::path& file, const std::string_view* contents, const char* who) {
    namespace fs = std::filesystem;
    if (file.empty()) file_write_error(who, file, "the file name is empty", EINVAL);
    std::error_code ec;
    if (fs::is_directory(file, ec)) file_write_error(who, file, "it is a directory", EISDIR);
    const fs::path tmp = temporary_next_to(file);
    std::FILE* f = std::fopen(tmp.c_str(), "wbx");
    if (!f) file_write_error(who, file, "cannot create a temporary file next to it", errno);
    const auto fail = [&](const char* what, int err) {
        fs::remove(tmp, ec);
        file_write_error(who, file, what, err);
    };
    const bool written = !contents || (std::fwrite(contents->data(), 1, contents->size(), f) == contents->size() &&
                                       std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0);
    const int err = errno;
    if (std::fclose(f) != 0 || !written) fail("writing the temporary file failed", written ? errno : err);
    if (!contents) {
        fs::remove(tmp, ec);
        return;
    }
    fs::rename(tmp, file, ec);
    if (ec) fail("renaming the temporary file over it failed", ec.value());
}

inline void write_file_atomically(const std::filesystem::path& file, std::string_view contents, const char* who) {
    write_file_atomically(file, &contents, who);
}

/// Throws as write_file_atomically would when `file` cannot be written; changes nothing.
inline void check_writable(const std::filesystem::path& file, const char* who) {
    write_file_atomically(file, static_cast<const std::string_view*>(nullptr), who);
}

} // namespace detail

/// What fit returns: one value per epoch for each metric it logged, in Keras's names (Keras's
/// `History.history`). `loss` and `accuracy` are the running means over the epoch in training
/// mode; `val_loss` and `val_accuracy` the validation set's, in inference mode, after the epoch;
/// `learning_rate` the rate at the epoch's end (the next step's); `seconds` the epoch's wall time.
/// A vector is empty when fit did not log it: no `accuracy` for a loss without one (mean squared
/// error), no `val_*` without validation data.
///
/// Export (members, because the history is what is exported and the spelling is
/// `history.save_svg("learning_curves.svg")`; free functions would add three names to namespace
/// ctnet for one type). Each writes the whole file to a temporary next to it and renames it over
/// `path`, so a failed save leaves the old file as it was; a failure is a
/// std::filesystem::filesystem_error naming `path`. Fields that are not empty must all hold the
/// same number of epochs (std::invalid_argument otherwise, before anything is written).
/// - to_csv: the file Keras's CSVLogger writes: `epoch` (from 0), then the non-empty fields
///   among accuracy, learning_rate, loss, val_accuracy, val_loss, sorted as Keras sorts its logs'
///   keys; numbers as Python's repr (the shortest text that reads back the same double); NaN as
///   `nan`, infinities as `inf` and `-inf` (Python's str, as Keras's CSV has them); lines end in
///   "\r\n" (Python's csv.excel dialect). `seconds` is not one of Keras's logs and is left out, so
///   the file equals the one csv_logger writes during the same fit (with validation data: without
///   it, CSVLogger adds `val_*` columns holding `NA`, which to_csv does not).
/// - to_json: `{"epoch": [0, 1, ...], "accuracy": [...], ..., "seconds": [...]}`: Keras's
///   `history.history` (name -> list, same sorted order) plus `epoch` (Keras's `history.epoch`)
///   and `seconds`; non-empty fields only. NaN and infinities are written as `null`: JSON has no
///   NaN (Python's json.dumps would write the non-standard `NaN`, which most parsers refuse).
/// - save_svg: the learning curves (docs/history.md shows one): a panel for loss and val_loss and,
///   when there is an accuracy, one for accuracy and val_accuracy, over the epochs, with ticks,
///   grid, axis labels and a legend; training solid, validation dashed. Each series is a
///   `<g class="series" data-name="loss">` holding one `<polyline>` per run of finite values (NaN
///   and infinities break the line) with `data-epochs` and `data-values` (repr) of its points. The
///   mapping, per panel `<g class="panel" data-x-min data-x-max data-y-min data-y-max data-left
///   data-top data-width data-height>`: x = left + (epoch - x_min) / (x_max - x_min) * width,
///   y = top + height - (value - y_min) / (y_max - y_min) * height, printed with 3 decimals.
struct history {
    std::vector<double> loss, accuracy, val_loss, val_accuracy, seconds;
    std::vector<double> learning_rate;

    /// The number of epochs (the length of the non-empty fields).
    std::size_t epochs() const {
        std::size_t n = 0;
        for (const auto& [name, v] : fields()) n = std::max(n, v->size());
        return n;
    }

    void to_csv(const std::filesystem::path& path, char separator = ',') const {
        const auto cols = columns("ctnet::history::to_csv", path, false);
        std::vector<std::string> names;
        for (const auto& [name, v] : cols) names.emplace_back(name);
        std::string out;
        detail::append_csv_header(out, names, separator);
        std::vector<std::optional<double>> row(cols.size());
        for (std::size_t e = 0; e < epochs(); ++e) {
            for (std::size_t c = 0; c < cols.size(); ++c) row[c] = (*cols[c].second)[e];
            detail::append_csv_row(out, e, row, separator);
        }
        detail::write_file_atomically(path, out, "ctnet::history::to_csv");
    }

    void to_json(const std::filesystem::path& path) const {
        const auto cols = columns("ctnet::history::to_json", path, true);
        const std::size_t n = epochs();
        std::string out = "{\n  \"epoch\": [";
        for (std::size_t e = 0; e < n; ++e) out += (e ? ", " : "") + std::to_string(e);
        out += ']';
        for (const auto& [name, v] : cols) {
            out += ",\n  \"";
            out += name;
            out += "\": [";
            for (std::size_t e = 0; e < n; ++e) {
                if (e) out += ", ";
                out += std::isfinite((*v)[e]) ? detail::python_float_repr((*v)[e]) : "null";
            }
            out += ']';
        }
        out += "\n}\n";
        detail::write_file_atomically(path, out, "ctnet::history::to_json");
    }

    void save_svg(const std::filesystem::path& path) const {
        columns("ctnet::history::save_svg", path, false);  // the length check
        detail::write_file_atomically(path, svg(), "ctnet::history::save_svg");
    }

    /// The text save_svg writes.
    std::string svg() const;

private:
    using column = std::pair<std::string_view, const std::vector<double>*>;

    // Every field under its Keras name, in Keras's sorted order, seconds last.
    std::array<column, 6> fields() const {
        return {{{"accuracy", &accuracy},
                 {"learning_rate", &learning_rate},
                 {"loss", &loss},
                 {"val_accuracy", &val_accuracy},
                 {"val_loss", &val_loss},
                 {"seconds", &seconds}}};
    }

    std::vector<column> columns(const char* who, const std::filesystem::path& path, bool with_seconds) const;
};

namespace detail {

// The SVG's pieces: a "nice" axis (ticks at 1, 2 or 5 times a power of ten) and number text.
struct svg_axis {
    double lo = 0.0, hi = 1.0, step = 0.5;
    int decimals = 1;
};

// Ticks at 1, 2 or 5 times a power of ten (integers for epochs). With `round_ends` the range
// grows to the ticks around [lo, hi] (the values' axis, after a 5% margin); without, it stays
// [lo, hi] (the epochs' axis spans the curves, as pandas plots it).
inline svg_axis nice_axis(double lo, double hi, bool integer_steps, bool round_ends) {
    if (!(lo <= hi)) lo = 0.0, hi = 1.0;
    if (hi - lo <= 0.0) {
        const double pad = lo != 0.0 ? std::abs(lo) * 0.05 : 0.5;
        lo -= pad, hi += pad;
    } else if (round_ends) {
        const double margin = (hi - lo) * 0.05;
        lo -= margin, hi += margin;
    }
    const double raw = (hi - lo) / 5.0;
    const double p = std::pow(10.0, std::floor(std::log10(raw)));
    double step = raw / p <= 1.0 ? p : raw / p <= 2.0 ? 2.0 * p : raw / p <= 5.0 ? 5.0 * p : 10.0 * p;
    if (integer_steps) step = std::max(1.0, std::round(step));
    svg_axis a;
    a.step = step;
    a.lo = round_ends ? std::floor(lo / step + 1e-9) * step : lo;
    a.hi = round_ends ? std::ceil(hi / step - 1e-9) * step : hi;
    if (a.hi <= a.lo) a.hi = a.lo + step;
    a.decimals = integer_steps ? 0 : std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    return a;
}

// A tick's label: fixed with the step's decimals, or %g when that would be long.
inline std::string svg_tick_label(double v, const svg_axis& a) {
    std::array<char, 64> buf{};
    if (a.decimals > 4 || std::max(std::abs(a.lo), std::abs(a.hi)) >= 1e5)
        std::snprintf(buf.data(), buf.size(), "%.4g", std::abs(v) < a.step * 1e-6 ? 0.0 : v);
    else
        std::snprintf(buf.data(), buf.size(), "%.*f", a.decimals, std::abs(v) < a.step * 1e-6 ? 0.0 : v);
    return buf.data();
}

inline std::string svg_number(double v, int decimals) {
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
    std::string s = buf.data();
    const bool negative_zero = s.starts_with("-") && s.find_first_not_of("-0.") == std::string::npos;
    return negative_zero ? s.substr(1) : s;
}

} // namespace detail

inline std::vector<history::column> history::columns(const char* who, const std::filesystem::path& path,
                                                     bool with_seconds) const {
    std::vector<column> cols;
    const std::size_t n = epochs();
    for (const auto& c : fields()) {
        if (c.second->empty() || (!with_seconds && c.first == "seconds")) continue;
        cols.push_back(c);
    }
    for (const auto& c : fields())
        if (!c.second->empty() && c.second->size() != n)
            throw std::invalid_argument(std::string(who) + ": " + path.string() + " not written: " + std::string(c.first) +
                                        " holds " + std::to_string(c.second->size()) +
                                        " values but the history has " + std::to_string(n) + " epochs");
    return cols;
}

inline std::string history::svg() const {
    using detail::svg_number;
    struct series {
        std::string_view name;
        const std::vector<double>* values;
        const char* colour;
        bool dashed;
    };
    struct panel {
        std::string_view title;
        std::vector<series> lines;
    };
    std::vector<panel> panels;
    panels.push_back({"loss", {{"loss", &loss, "#1f77b4", false}, {"val_loss", &val_loss, "#ff7f0e", true}}});
    if (!accuracy.empty() || !val_accuracy.empty())
        panels.push_back(
            {"accuracy", {{"accuracy", &accuracy, "#1f77b4", false}, {"val_accuracy", &val_accuracy, "#ff7f0e", true}}});

    const std::size_t n = epochs();
    constexpr double panel_w = 420, panel_h = 300, left = 64, top = 36, plot_w = 330, plot_h = 214;
    const double width = panel_w * static_cast<double>(panels.size());
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + svg_number(width, 0) + "\" height=\"" +
         svg_number(panel_h, 0) + "\" viewBox=\"0 0 " + svg_number(width, 0) + " " + svg_number(panel_h, 0) +
         "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n";
    s += "<title>Learning curves, " + std::to_string(n) + (n == 1 ? " epoch" : " epochs") + "</title>\n";
    s += "<rect x=\"0\" y=\"0\" width=\"" + svg_number(width, 0) + "\" height=\"" + svg_number(panel_h, 0) +
         "\" fill=\"white\"/>\n";
    const detail::svg_axis xa = n > 1    ? detail::nice_axis(0.0, static_cast<double>(n - 1), true, false)
                                : n == 1 ? detail::nice_axis(-0.5, 0.5, true, false)
                                         : detail::nice_axis(0.0, 1.0, true, false);
    for (std::size_t p = 0; p < panels.size(); ++p) {
        const panel& pn = panels[p];
        double lo = INFINITY, hi = -INFINITY;
        for (const auto& l : pn.lines)
            for (const double v : *l.values)
                if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        const detail::svg_axis ya = detail::nice_axis(lo, hi, false, true);
        const double x0 = panel_w * static_cast<double>(p) + left, y0 = top;
        const auto px = [&](double e) { return x0 + (e - xa.lo) / (xa.hi - xa.lo) * plot_w; };
        const auto py = [&](double v) { return y0 + plot_h - (v - ya.lo) / (ya.hi - ya.lo) * plot_h; };
        s += "<g class=\"panel\" data-name=\"" + std::string(pn.title) + "\" data-x-min=\"" +
             detail::python_float_repr(xa.lo) + "\" data-x-max=\"" + detail::python_float_repr(xa.hi) +
             "\" data-y-min=\"" + detail::python_float_repr(ya.lo) + "\" data-y-max=\"" +
             detail::python_float_repr(ya.hi) + "\" data-left=\"" + svg_number(x0, 0) + "\" data-top=\"" +
             svg_number(y0, 0) + "\" data-width=\"" + svg_number(plot_w, 0) + "\" data-height=\"" +
             svg_number(plot_h, 0) + "\">\n";
        // Title, grid and ticks, frame, axis labels.
        s += "<text x=\"" + svg_number(x0 + plot_w / 2, 1) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\" "
             "font-weight=\"bold\">" + std::string(pn.title == "loss" ? "Loss" : "Accuracy") + "</text>\n";
        for (int k = 0;; ++k) {
            const double t = std::ceil(xa.lo / xa.step - 1e-9) * xa.step + k * xa.step;
            if (t > xa.hi + xa.step * 1e-9) break;
            const std::string x = svg_number(px(t), 3);
            s += "<line x1=\"" + x + "\" y1=\"" + svg_number(y0, 3) + "\" x2=\"" + x + "\" y2=\"" +
                 svg_number(y0 + plot_h, 3) + "\" stroke=\"#e0e0e0\"/>\n";
            s += "<text x=\"" + x + "\" y=\"" + svg_number(y0 + plot_h + 16, 1) + "\" text-anchor=\"middle\">" +
                 detail::svg_tick_label(t, xa) + "</text>\n";
        }
        for (int k = 0;; ++k) {
            const double t = ya.lo + k * ya.step;
            if (t > ya.hi + ya.step * 1e-9) break;
            const std::string y = svg_number(py(t), 3);
            s += "<line x1=\"" + svg_number(x0, 3) + "\" y1=\"" + y + "\" x2=\"" + svg_number(x0 + plot_w, 3) +
                 "\" y2=\"" + y + "\" stroke=\"#e0e0e0\"/>\n";
            s += "<text x=\"" + svg_number(x0 - 6, 1) + "\" y=\"" + svg_number(py(t) + 4, 3) +
                 "\" text-anchor=\"end\">" + detail::svg_tick_label(t, ya) + "</text>\n";
        }
        s += "<rect x=\"" + svg_number(x0, 0) + "\" y=\"" + svg_number(y0, 0) + "\" width=\"" + svg_number(plot_w, 0) +
             "\" height=\"" + svg_number(plot_h, 0) + "\" fill=\"none\" stroke=\"#404040\"/>\n";
        s += "<text x=\"" + svg_number(x0 + plot_w / 2, 1) + "\" y=\"" + svg_number(y0 + plot_h + 36, 1) +
             "\" text-anchor=\"middle\">Epoch</text>\n";
        s += "<text transform=\"translate(" + svg_number(x0 - 48, 1) + " " + svg_number(y0 + plot_h / 2, 1) +
             ") rotate(-90)\" text-anchor=\"middle\">" + std::string(pn.title) + "</text>\n";
        if (n == 0)
            s += "<text x=\"" + svg_number(x0 + plot_w / 2, 1) + "\" y=\"" + svg_number(y0 + plot_h / 2, 1) +
                 "\" text-anchor=\"middle\" fill=\"#808080\">no epochs</text>\n";
        // The series, then the legend (the series present, top right).
        std::size_t legend_row = 0;
        for (const auto& l : pn.lines) {
            if (l.values->empty()) continue;
            const std::string style = std::string("fill=\"none\" stroke=\"") + l.colour + "\" stroke-width=\"2\"" +
                                      (l.dashed ? " stroke-dasharray=\"6 4\"" : "") +
                                      " stroke-linejoin=\"round\" stroke-linecap=\"round\"";
            s += "<g class=\"series\" data-name=\"" + std::string(l.name) + "\">\n";
            const auto& v = *l.values;
            for (std::size_t e = 0; e < v.size();) {
                if (!std::isfinite(v[e])) {
                    ++e;
                    continue;
                }
                std::string points, epochs_attr, values_attr;
                for (; e < v.size() && std::isfinite(v[e]); ++e) {
                    const char* sep = points.empty() ? "" : " ";
                    points += sep + svg_number(px(static_cast<double>(e)), 3) + "," + svg_number(py(v[e]), 3);
                    epochs_attr += sep + std::to_string(e);
                    values_attr += sep + detail::python_float_repr(v[e]);
                }
                s += "<polyline " + style + " data-epochs=\"" + epochs_attr + "\" data-values=\"" + values_attr +
                     "\" points=\"" + points + "\"/>\n";
            }
            // Markers while they stay readable, so that one epoch (a one-point line) shows too.
            if (v.size() <= 60)
                for (std::size_t e = 0; e < v.size(); ++e)
                    if (std::isfinite(v[e]))
                        s += "<circle cx=\"" + svg_number(px(static_cast<double>(e)), 3) + "\" cy=\"" +
                             svg_number(py(v[e]), 3) + "\" r=\"2.5\" fill=\"" + l.colour + "\"/>\n";
            s += "</g>\n";
            // Top right for the loss (it falls), bottom right for the accuracy (it rises).
            const std::size_t row = legend_row++;
            const double ly = pn.title == "loss" ? y0 + 18 + 18 * static_cast<double>(row)
                                                 : y0 + plot_h - 36 + 18 * static_cast<double>(row);
            const double lx = x0 + plot_w - 124;
            s += "<rect x=\"" + svg_number(lx - 6, 1) + "\" y=\"" + svg_number(ly - 14, 1) +
                 "\" width=\"124\" height=\"18\" fill=\"white\" fill-opacity=\"0.85\"/>\n";
            s += "<line x1=\"" + svg_number(lx, 1) + "\" y1=\"" + svg_number(ly - 4, 1) + "\" x2=\"" +
                 svg_number(lx + 26, 1) + "\" y2=\"" + svg_number(ly - 4, 1) + "\" " + style + "/>\n";
            s += "<text x=\"" + svg_number(lx + 32, 1) + "\" y=\"" + svg_number(ly, 1) + "\">" + std::string(l.name) +
                 "</text>\n";
        }
        s += "</g>\n";
    }
    s += "</svg>\n";
    return s;
}

/// What evaluate returns: the mean loss and the accuracy over the data.
struct evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

} // namespace ctnet
