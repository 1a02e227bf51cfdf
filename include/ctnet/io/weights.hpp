// weights: a model's weights as a safetensors file, each tensor named and shaped as Keras 3 names
// and shapes it (`dense/kernel` (inputs, units), `batch_normalization/moving_mean`, ...).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <ctnet/core/records.hpp>
#include <ctnet/io/data_checks.hpp>
#include <ctnet/io/safetensors.hpp>
#include <ctnet/network/network_facts.hpp>
#include <ctnet/version.hpp>

namespace ctnet {

/// Where one Keras variable of a network lives in a model's arenas.
struct weight_slot {
    std::string name;                    // Keras's variable path: "dense_1/kernel"
    std::vector<std::uint64_t> shape;    // Keras's shape: a kernel is (inputs, units)
    bool trainable = true;               // in the parameter arena (else the state arena)
    std::size_t offset = 0;              // floats into that arena
    std::size_t count = 0;               // floats
};

namespace detail {

// Keras names a layer by its class in snake case, with a counter per class from the first such
// layer of a fresh session on: dense, dense_1, ...; batch_normalization, ...; p_re_lu, ...
struct keras_namer {
    std::map<std::string, std::size_t> used;
    std::string next(const std::string& stem) {
        const std::size_t n = used[stem]++;
        return n == 0 ? stem : stem + "_" + std::to_string(n);
    }
};

/// A one-line description of the declared layers, written into a file's metadata so that a file
/// that does not fit can say what it was written for.
template <std::size_t N>
std::string signature_of(const analysis<N>& a) {
    std::string s;
    auto dims = [](const shape& sh) {
        std::string t;
        for (std::size_t d = 0; d < sh.rank; ++d) t += (d ? "," : "") + std::to_string(sh.dims[d]);
        return t;
    };
    for (std::size_t i = 0; i < N; ++i) {
        const layer_record& r = a.layers[i];
        if (!s.empty()) s += ' ';
        switch (r.kind) {
        case layer_kind::input: s += "input(" + dims(r.input_shape) + ")"; break;
        case layer_kind::dense:
            s += "dense(" + std::to_string(r.units) + "," + activation_name(r.activation.id) +
                 (r.use_bias ? "" : ",no_bias") + ")";
            break;
        case layer_kind::activation: s += activation_name(r.activation.id); break;
        case layer_kind::dropout: s += "dropout"; break;
        case layer_kind::alpha_dropout: s += "alpha_dropout"; break;
        default: s += layer_kind_name(r.kind); break;
        }
    }
    return s;
}

/// A dense bias that ctnet drops because a batch_norm follows (Keras keeps it): a file from Keras
/// may hold it; loading folds it into that batch norm's moving mean, exactly for inference.
struct dropped_bias {
    std::string name;
    std::size_t units = 0;
    std::size_t moving_mean = 0;  // state-arena offset of the batch norm's moving mean
};

struct weight_layout {
    std::vector<weight_slot> slots;
    std::vector<dropped_bias> dropped;
};

template <class Net>
weight_layout layout_of() {
    const auto& a = facts_of<Net>::analysed;
    const auto& p = facts_of<Net>::planned;
    weight_layout out;
    keras_namer names;
    auto add = [&](const std::string& n, std::vector<std::uint64_t> shape, bool trainable, std::size_t at) {
        std::size_t count = 1;
        for (auto d : shape) count *= static_cast<std::size_t>(d);
        out.slots.push_back({n, std::move(shape), trainable, at, count});
    };
    for (std::size_t s = 0; s < p.stage_count; ++s) {
        const stage& st = p.stages[s];
        const stage_origin& o = p.origins[s];
        for (std::size_t i = o.first_layer; i <= o.last_layer; ++i) {
            const layer_record& r = a.layers[i];
            if (r.kind == layer_kind::dense) {
                const std::string n = names.next("dense");
                add(n + "/kernel", {st.inputs, st.units}, true, st.kernel);
                if (st.bias != no_offset) add(n + "/bias", {st.units}, true, st.bias);
                if (a.bias_dropped[i]) out.dropped.push_back({n + "/bias", st.units, st.moving_mean});
                if (r.activation_given && r.activation.id == activation_id::prelu)
                    add(names.next("p_re_lu") + "/alpha", {st.units}, true, st.alpha);
            } else if (r.kind == layer_kind::batch_norm) {
                const std::string n = names.next("batch_normalization");
                add(n + "/gamma", {st.units}, true, st.gamma);
                add(n + "/beta", {st.units}, true, st.beta);
                add(n + "/moving_mean", {st.units}, false, st.moving_mean);
                add(n + "/moving_variance", {st.units}, false, st.moving_variance);
            } else if (r.kind == layer_kind::activation && r.activation.id == activation_id::prelu) {
                add(names.next("p_re_lu") + "/alpha", {st.units}, true, st.alpha);
            }
        }
    }
    return out;
}

template <class Model>
struct weights_io {
    static std::map<std::string, std::string> metadata() {
        return {{"format", "ctnet"},
                {"ctnet_version", CTNET_VERSION_STRING},
                {"network", signature_of(facts_of<Model>::analysed)}};
    }

    /// The model's tensors as save_weights writes them (pointers into the model's arenas).
    static std::vector<safetensors::f32_tensor> tensors_of(const Model& model) {
        std::vector<safetensors::f32_tensor> tensors;
        for (const weight_slot& w : layout_of<Model>().slots)
            tensors.push_back({w.name, w.shape, (w.trainable ? model.parameters() : model.state()) + w.offset});
        return tensors;
    }

    static std::vector<unsigned char> bytes_of(const Model& model) {
        return safetensors::serialize(tensors_of(model), metadata());
    }

    static void save(const Model& model, const std::filesystem::path& file) {
        const auto bytes = bytes_of(model);
        safetensors::write_atomically(file, bytes);
    }

    // Every check before the first float is written: the model is either loaded whole or untouched.
    // `others`: tensors of the file that the caller reads itself (a checkpoint's optimizer state),
    // which are then not refused as having no place in the network.
    static void load(Model& model, std::span<const unsigned char> bytes, const std::filesystem::path& file,
                     const std::set<std::string>& others = {}) {
        const safetensors::header h = safetensors::parse_header(bytes, file);
        const auto layout = layout_of<Model>();
        std::map<std::string, const safetensors::tensor_info*> by_name;
        for (const auto& t : h.tensors) by_name.emplace(t.name, &t);
        const auto meta = h.metadata.find("network");
        const std::string written_for =
            meta == h.metadata.end() ? std::string{} : " (the file was written for: " + meta->second + ")";
        const std::string ours = " (this network: " + signature_of(facts_of<Model>::analysed) + ")";
        auto fail = [&](std::uint64_t at, const std::string& why) {
            safetensors::detail::fail(file, at, why + written_for + ours);
        };
        auto fetch = [&](const std::string& name, const std::vector<std::uint64_t>& shape, bool optional)
            -> const safetensors::tensor_info* {
            const auto it = by_name.find(name);
            if (it == by_name.end()) {
                if (optional) return nullptr;
                fail(8, "the file has no tensor '" + name + "' (shape " + safetensors::shape_text(shape) + ")");
            }
            const auto& t = *it->second;
            if (t.shape != shape)
                fail(h.data_start + t.begin, "tensor '" + name + "' has shape " + safetensors::shape_text(t.shape) +
                                                 "; this network's is " + safetensors::shape_text(shape));
            if (t.dtype != "F32")
                fail(h.data_start + t.begin, "tensor '" + name + "' is " + t.dtype + "; ctnet reads F32 weights");
            return &t;
        };
        auto check_values = [&](const safetensors::tensor_info& t, bool variance) {
            const unsigned char* p = bytes.data() + h.data_start + t.begin;
            for (std::uint64_t e = 0; e < (t.end - t.begin) / 4; ++e) {
                float v;
                std::memcpy(&v, p + 4 * e, 4);
                if (!std::isfinite(v) || (variance && v < 0.0f))
                    fail(h.data_start + t.begin + 4 * e,
                         "tensor '" + t.name + "' element " + std::to_string(e) + " is " + value_text(v) +
                             (variance ? "; a moving variance is finite and >= 0" : "; weights are finite"));
            }
        };
        std::vector<const safetensors::tensor_info*> found;
        for (const weight_slot& w : layout.slots) found.push_back(fetch(w.name, w.shape, false));
        std::vector<const safetensors::tensor_info*> biases;
        for (const dropped_bias& b : layout.dropped) biases.push_back(fetch(b.name, {b.units}, true));
        std::set<std::string> known;
        for (const weight_slot& w : layout.slots) known.insert(w.name);
        for (const dropped_bias& d : layout.dropped) known.insert(d.name);
        for (const auto& t : h.tensors)
            if (!known.contains(t.name) && !others.contains(t.name))
                fail(h.data_start + t.begin, "the file holds tensor '" + t.name + "' " +
                                                 safetensors::shape_text(t.shape) + ", which this network has no place for");
        for (std::size_t i = 0; i < found.size(); ++i)
            check_values(*found[i], layout.slots[i].name.ends_with("/moving_variance"));
        for (auto* t : biases)
            if (t) check_values(*t, false);
        // A finite moving mean less a finite dropped bias can still overflow: check the fold's result too.
        for (std::size_t i = 0; i < biases.size(); ++i) {
            if (!biases[i]) continue;
            std::size_t s = 0;
            while (layout.slots[s].trainable || layout.slots[s].offset != layout.dropped[i].moving_mean) ++s;
            const unsigned char* m = bytes.data() + h.data_start + found[s]->begin;
            const unsigned char* p = bytes.data() + h.data_start + biases[i]->begin;
            for (std::size_t u = 0; u < layout.dropped[i].units; ++u) {
                float mean, b;
                std::memcpy(&mean, m + 4 * u, 4);
                std::memcpy(&b, p + 4 * u, 4);
                if (!std::isfinite(mean - b))
                    fail(h.data_start + biases[i]->begin + 4 * u,
                         "tensor '" + biases[i]->name + "' element " + std::to_string(u) + " is " + value_text(b) +
                             "; folded into " + layout.slots[s].name + " (element " + std::to_string(u) + " is " +
                             value_text(mean) + ") it gives " + value_text(mean - b) +
                             "; the moving mean less the dropped bias must be finite");
            }
        }

        for (std::size_t i = 0; i < found.size(); ++i) {
            const weight_slot& w = layout.slots[i];
            float* to = (w.trainable ? model.parameters() : model.state()) + w.offset;
            if (w.count != 0) std::memcpy(to, bytes.data() + h.data_start + found[i]->begin, 4 * w.count);
        }
        // BN(z + b) on moving statistics is BN(z) with the moving mean less b.
        for (std::size_t i = 0; i < biases.size(); ++i) {
            if (!biases[i]) continue;
            const unsigned char* p = bytes.data() + h.data_start + biases[i]->begin;
            float* mean = model.state() + layout.dropped[i].moving_mean;
            for (std::size_t u = 0; u < layout.dropped[i].units; ++u) {
                float b;
                std::memcpy(&b, p + 4 * u, 4);
                mean[u] -= b;
            }
        }
    }

    static void load(Model& model, const std::filesystem::path& file) {
        const auto bytes = safetensors::read_bytes(file);
        load(model, bytes, file);
    }
};

} // namespace detail

/// The Keras variables of network `Net` in Keras's order, where each lives in a model's arenas.
template <class Net>
std::vector<weight_slot> weight_slots() {
    return detail::layout_of<Net>().slots;
}

/// Writes `model`'s weights (moving statistics included) to `file` as safetensors, replacing it
/// atomically (safetensors::write_atomically). Same as `model.save_weights(file)`.
template <class Model>
void save_weights(const Model& model, const std::filesystem::path& file) {
    detail::weights_io<Model>::save(model, file);
}

/// Reads `file` (safetensors, treated as hostile) into `model`: every tensor the network has, by
/// Keras's name, F32, of its shape, finite; nothing else. Throws file_error naming the file, the
/// byte offset and the first tensor that does not fit; the model is then unchanged. Same as
/// `model.load_weights(file)`.
template <class Model>
void load_weights(Model& model, const std::filesystem::path& file) {
    detail::weights_io<Model>::load(model, file);
}

} // namespace ctnet
