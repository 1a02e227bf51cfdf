// model_checkpoint: save the model during fit, at each epoch's end or when it is the best so far
// (Keras 3's ModelCheckpoint).
#pragma once

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <ctnet/train/callback.hpp>
#include <ctnet/train/callbacks/detail/monitor.hpp>

namespace ctnet {

namespace detail {

/// Keras's `filepath.format(epoch=epoch + 1, **logs)` for the placeholders a checkpoint path uses:
/// `{epoch}`, `{epoch:02d}`, `{val_loss:.2f}`, any log by name, with a Python format spec of flags,
/// width and precision and one of the types d, f, e, E, g, G (none: epoch as an integer, a log as
/// Python prints a float); `{{` and `}}` are braces. A name the logs do not hold is
/// std::invalid_argument, as Keras's KeyError.
inline std::string format_checkpoint_path(const std::string& pattern, std::size_t epoch, const logs& l) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
            out += c;
            ++i;
            continue;
        }
        if (c == '}') throw std::invalid_argument("ctnet::model_checkpoint: filepath \"" + pattern + "\" has a single '}'");
        if (c != '{') {
            out += c;
            continue;
        }
        const std::size_t close = pattern.find('}', i);
        if (close == std::string::npos)
            throw std::invalid_argument("ctnet::model_checkpoint: filepath \"" + pattern + "\" has a '{' without '}'");
        const std::string field = pattern.substr(i + 1, close - i - 1);
        const std::size_t colon = field.find(':');
        const std::string name = field.substr(0, colon);
        const std::string spec = colon == std::string::npos ? "" : field.substr(colon + 1);
        const bool is_epoch = name == "epoch";
        const std::optional<double> value = is_epoch ? std::optional<double>(static_cast<double>(epoch + 1)) : l[name];
        if (!value)
            throw std::invalid_argument("ctnet::model_checkpoint: failed to format the filepath \"" + pattern +
                                        "\": the logs have no '" + name + "' (Keras's KeyError)");
        bool spec_ok = spec.empty() || std::string("dfeEgG").find(spec.back()) != std::string::npos;
        for (std::size_t k = 0; spec_ok && k + 1 < spec.size(); ++k)
            spec_ok = std::string("0123456789.+- #").find(spec[k]) != std::string::npos;
        if (!spec_ok)
            throw std::invalid_argument("ctnet::model_checkpoint: filepath \"" + pattern + "\": format spec '" + spec +
                                        "' is not one ctnet reads (flags, width, precision, then d, f, e or g)");
        char buf[128];
        if (spec.empty()) {
            if (is_epoch) out += std::to_string(epoch + 1);
            else out += python_repr(*value);
        } else if (spec.back() == 'd') {
            std::snprintf(buf, sizeof buf, ("%" + spec.substr(0, spec.size() - 1) + "lld").c_str(),
                          static_cast<long long>(*value));
            out += buf;
        } else {
            std::snprintf(buf, sizeof buf, ("%" + spec).c_str(), *value);
            out += buf;
        }
        i = close;
    }
    return out;
}

} // namespace detail

/// Keras 3.15's ModelCheckpoint at each epoch's end (save_freq "epoch"):
/// - the file is `filepath` formatted with the epoch (counted from 1) and the logs
///   (`"ckpt-{epoch:02d}-{val_loss:.2f}.safetensors"`; detail::format_checkpoint_path);
/// - `save_best_only`: it is written only when the monitored value improves on the best so far
///   (the first value always does, as does any when `initial_value_threshold` is unset; NaN never
///   does after that; Keras's MonitorCallback rule, as early_stopping's); a monitor missing from
///   the logs saves anyway, with a warning, as Keras does;
/// - `save_weights_only`: the weights file of model.save_weights, else the whole training state
///   of trainer.save_checkpoint (Keras's full-model save, with the optimizer);
/// - every write is atomic (a temporary, then a rename): a crash leaves the last good file.
/// on_train_begin refuses an empty filepath, a mode other than "auto", "min", "max" and a monitor
/// "auto" cannot place. verbose 1 prints Keras's lines. `best` (the best value seen) and
/// `saved` (the files written, in order) are its state; pass it as `std::ref(mc)` to read them.
struct model_checkpoint {
    std::string filepath;
    std::string monitor = "val_loss";
    int verbose = 0;
    bool save_best_only = false;
    bool save_weights_only = false;
    std::string mode = "auto";
    std::optional<double> initial_value_threshold{};

    std::optional<double> best{};
    std::vector<std::filesystem::path> saved{};
    bool warned_missing_monitor = false;

    void on_train_begin(const logs&, training_control&) {
        if (filepath.empty()) throw std::invalid_argument("ctnet::model_checkpoint: filepath is empty; it must name the file to write");
        detail::monitor_maximizes("model_checkpoint", monitor, mode);
        best = initial_value_threshold;
        saved.clear();
        warned_missing_monitor = false;
    }

    void on_epoch_end(std::size_t epoch, logs& l, training_control& t) {
        const std::filesystem::path file = detail::format_checkpoint_path(filepath, epoch, l);
        if (save_best_only && !should_save_best(epoch, l, file)) return;
        if (!save_best_only && verbose > 0) std::cout << "\nEpoch " << epoch + 1 << ": saving model to " << file.string() << '\n';
        if (!file.parent_path().empty()) std::filesystem::create_directories(file.parent_path());
        if (save_weights_only) t.save_weights(file);
        else t.save_checkpoint(file);
        saved.push_back(file);
        if (verbose > 0) std::cout << "\nEpoch " << epoch + 1 << ": finished saving model to " << file.string() << std::endl;
    }

private:
    static std::string five_places(double v) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.5f", v);
        return buf;
    }

    bool should_save_best(std::size_t epoch, const logs& l, const std::filesystem::path& file) {
        const std::optional<double> current = l[monitor];
        if (!current) {
            if (!warned_missing_monitor)
                std::cerr << "ctnet::model_checkpoint: warning: Can save best model only with " << monitor
                          << " available (saving anyway, as Keras does)\n";
            warned_missing_monitor = true;
            return true;
        }
        const bool maximize = detail::monitor_maximizes("model_checkpoint", monitor, mode);
        const std::string best_text = best ? five_places(*best) : "None";
        if (detail::is_improvement(*current, best, maximize, 0.0)) {
            if (verbose > 0)
                std::cout << "\nEpoch " << epoch + 1 << ": " << monitor << " improved from " << best_text << " to "
                          << five_places(*current) << ", saving model to " << file.string() << '\n';
            best = *current;
            return true;
        }
        if (verbose > 0) std::cout << "\nEpoch " << epoch + 1 << ": " << monitor << " did not improve from " << best_text << '\n';
        return false;
    }
};

} // namespace ctnet
