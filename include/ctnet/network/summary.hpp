// summary: the Keras-style table of a network's layers, output shapes and parameter counts.
#pragma once

#include <array>
#include <cstddef>
#include <map>
#include <string>

#include <ctnet/network/network_facts.hpp>

namespace ctnet {

namespace detail {

struct keras_name {
    const char* name;   // Keras's default layer name stem (a per-class counter is appended)
    const char* type;   // Keras's class name
};

constexpr keras_name keras_name_of(const layer_record& r) {
    switch (r.kind) {
    case layer_kind::input: return {"input_layer", "InputLayer"};
    case layer_kind::flatten: return {"flatten", "Flatten"};
    case layer_kind::dense: return {"dense", "Dense"};
    case layer_kind::batch_norm: return {"batch_normalization", "BatchNormalization"};
    case layer_kind::dropout: return {"dropout", "Dropout"};
    case layer_kind::alpha_dropout: return {"alpha_dropout", "AlphaDropout"};
    case layer_kind::activation:
        switch (r.activation.id) {
        case activation_id::relu: return {"re_lu", "ReLU"};
        case activation_id::leaky_relu: return {"leaky_re_lu", "LeakyReLU"};
        case activation_id::prelu: return {"p_re_lu", "PReLU"};
        case activation_id::rrelu: return {"r_re_lu", "RReLU"};
        case activation_id::elu: return {"elu", "ELU"};
        case activation_id::softmax: return {"softmax", "Softmax"};
        default: return {"activation", "Activation"};
        }
    default: return {"?", "?"};
    }
}

inline std::string with_commas(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

inline std::string shape_text(const shape& s) {
    std::string t = "(None";
    for (std::size_t i = 0; i < s.rank; ++i) t += ", " + std::to_string(s.dims[i]);
    return t + ")";
}

inline void pad_to(std::string& line, std::size_t column) {
    if (line.size() < column) line.append(column - line.size(), ' ');
}

template <std::size_t N>
std::string summary_of(const analysis<N>& a, const plan<N>& p) {
    const std::string rule(65, '_'), double_rule(65, '=');
    std::string t = "Model: \"sequential\"\n" + rule + "\n";
    std::string head = "Layer (type)";
    pad_to(head, 29);
    head += "Output Shape";
    pad_to(head, 55);
    head += "Param #";
    t += head + "\n" + double_rule + "\n";
    std::map<std::string, std::size_t> counters;  // per Keras class, as Keras names layers: re_lu, p_re_lu_1, ...
    std::string notes;
    bool first_row = true;
    for (std::size_t i = 0; i < N; ++i) {
        const layer_record& r = a.layers[i];
        if (r.kind == layer_kind::input) continue;  // Keras's Sequential summary lists no Input row
        const keras_name k = keras_name_of(r);
        std::size_t& c = counters[k.name];
        std::string name = std::string(k.name) + (c == 0 ? "" : "_" + std::to_string(c));
        ++c;
        std::size_t params = 0;
        if (r.kind == layer_kind::dense) {
            params = a.in[i].size() * r.units + (a.bias[i] ? r.units : 0) +
                     (r.activation_given && r.activation.id == activation_id::prelu ? r.units : 0);
            if (a.bias_dropped[i])
                notes += name + ": bias dropped: the batch_norm that follows cancels it (Keras would count " +
                         std::to_string(r.units) + " more)\n";
        } else if (r.kind == layer_kind::batch_norm) {
            params = 4 * a.out[i].size();
        } else if (r.kind == layer_kind::activation && r.activation.id == activation_id::prelu) {
            params = a.out[i].size();
        }
        if (r.frozen && params != 0)
            notes += name + ": frozen (trainable = False): its " + std::to_string(params) + " parameters count as non-trainable\n";
        std::string cell = name + " (" + k.type + ")";
        if (cell.size() > 28) cell = cell.substr(0, 28);
        std::string line = cell;
        pad_to(line, 29);
        line += shape_text(a.out[i]);
        pad_to(line, 55);
        line += std::to_string(params);
        if (!first_row) t += rule + "\n";
        first_row = false;
        t += line + "\n";
    }
    t += double_rule + "\n";
    t += "Total params: " + with_commas(p.param_count()) + "\n";
    t += "Trainable params: " + with_commas(p.trainable_count) + "\n";
    t += "Non-trainable params: " + with_commas(p.non_trainable_count) + "\n";
    t += rule + "\n";
    return t + notes;
}

} // namespace detail

/// The Keras 2 (book) layout of `model.summary()`: one row per layer with Keras's default
/// layer names, output shapes with the batch axis as None, parameter counts, and the totals.
/// Lines after the table note what ctnet does differently (a bias dropped before batch_norm).
// constexpr only so that compilers instantiate it where it is called, not at the end of the
// translation unit: clang 14 then prints no note for this function in a declaration mistake's
// error (9 lines instead of 12). It never runs at compile time (summary_of is not constexpr).
template <class Net>
constexpr std::string summary() {
    static_cast<void>(&detail::diagnostic_t<Net>::template report<Net>);
    return detail::summary_of(detail::facts_of<Net>::analysed, detail::facts_of<Net>::planned);
}

} // namespace ctnet
