// checkpoint: a whole training state in one safetensors file (trainer.save_checkpoint and
// load_checkpoint), from which a resumed fit is bitwise the one that never stopped.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <ctnet/exec/model_ops.hpp>
#include <ctnet/io/safetensors.hpp>
#include <ctnet/io/weights.hpp>

namespace ctnet::detail {

/// What a checkpoint holds besides the weights (`__metadata__`, as strings):
/// - `format` "ctnet-checkpoint", `ctnet_version`, `network` (as a weights file);
/// - `iterations` (steps taken: Keras's optimizer.iterations, which keys the schedules, Adam's
///   bias correction and the dropout masks), `epochs` (epochs done over every fit: keys each
///   epoch's shuffle), `seed` (the model's: keys every random stream), `optimizer_slots`;
/// - `learning_rate`: the constant rate a callback may have set (reduce_lr_on_plateau), as a
///   hexadecimal float (exact), or `schedule` when the optimizer's rate is a schedule.
/// Tensors: the model's, named as save_weights names them, then each optimizer slot i the
/// optimizer keeps, one tensor per trainable variable: `optimizer/<i>/<variable>` (slot i is
/// trainer.optimizer_state(i); docs/saving.md lists each optimizer's).
/// The random streams are counter-based (Philox keyed by seed, stream, step, row): their
/// position is the seed and the counters above, so nothing else needs saving.
template <class Trainer>
struct checkpoint_io {
    static std::string optimizer_tensor(std::size_t slot, const std::string& variable) {
        return "optimizer/" + std::to_string(slot) + "/" + variable;
    }

    static std::string hex(float v) {
        char buf[64];
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::hex);
        return std::string(buf, r.ptr);
    }

    static void save(const Trainer& t, const std::filesystem::path& file) {
        using model_t = typename Trainer::model_type;
        auto tensors = weights_io<model_t>::tensors_of(t.model_);
        for (std::size_t i = 0; i < Trainer::optimizer::slots; ++i) {
            if (t.state_[i].size() == 0) continue;
            for (const weight_slot& w : layout_of<model_t>().slots)
                if (w.trainable) tensors.push_back({optimizer_tensor(i, w.name), w.shape, t.state_[i].data() + w.offset});
        }
        auto meta = weights_io<model_t>::metadata();
        meta["format"] = "ctnet-checkpoint";
        meta["iterations"] = std::to_string(t.iterations_);
        meta["epochs"] = std::to_string(t.epochs_done_);
        meta["seed"] = std::to_string(t.model_.seed_value());
        meta["optimizer_slots"] = std::to_string(used_slots(t));
        meta["learning_rate"] = t.optimizer_.learning_rate.is_constant() ? hex(t.optimizer_.learning_rate(0)) : "schedule";
        safetensors::write_atomically(file, safetensors::serialize(tensors, meta));
    }

    static std::size_t used_slots(const Trainer& t) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < Trainer::optimizer::slots; ++i) n += t.state_[i].size() != 0;
        return n;
    }

    static std::uint64_t number(const safetensors::header& h, const std::filesystem::path& file, const char* key) {
        const auto it = h.metadata.find(key);
        if (it == h.metadata.end())
            safetensors::detail::fail(file, 8, std::string("the checkpoint's metadata has no '") + key +
                                                   "' (a weights file? load it with load_weights)");
        std::uint64_t v = 0;
        const char* end = it->second.data() + it->second.size();
        const auto r = std::from_chars(it->second.data(), end, v);
        if (r.ec != std::errc{} || r.ptr != end)
            safetensors::detail::fail(file, 8, std::string("the checkpoint's '") + key + "' is '" + it->second +
                                                   "', not an unsigned integer");
        return v;
    }

    // Every check first (the weights' through weights_io::load, which writes only once all of them
    // passed), then the writes: on any error the trainer and its model are as they were.
    static void load(Trainer& t, const std::filesystem::path& file) {
        using model_t = typename Trainer::model_type;
        const auto bytes = safetensors::read_bytes(file);
        const safetensors::header h = safetensors::parse_header(bytes, file);
        auto fail = [&](std::uint64_t at, const std::string& why) { safetensors::detail::fail(file, at, why); };
        const auto format = h.metadata.find("format");
        if (format == h.metadata.end() || format->second != "ctnet-checkpoint")
            fail(8, "not a ctnet training checkpoint (its metadata has no format 'ctnet-checkpoint'; a weights "
                    "file loads with load_weights)");
        const std::uint64_t iterations = number(h, file, "iterations");
        const std::uint64_t epochs = number(h, file, "epochs");
        const std::uint64_t seed = number(h, file, "seed");
        if (number(h, file, "optimizer_slots") != used_slots(t))
            fail(8, "the checkpoint holds " + h.metadata.at("optimizer_slots") + " optimizer slot(s); this trainer's "
                    "optimizer keeps " + std::to_string(used_slots(t)) + " (another optimizer, or amsgrad/momentum/"
                    "centered set differently?)");
        const auto rate = h.metadata.find("learning_rate");
        float constant_rate = 0.0f;
        if (rate == h.metadata.end()) fail(8, "the checkpoint's metadata has no 'learning_rate'");
        const bool file_constant = rate->second != "schedule";
        if (file_constant) {
            const char* end = rate->second.data() + rate->second.size();
            const auto r = std::from_chars(rate->second.data(), end, constant_rate, std::chars_format::hex);
            if (r.ec != std::errc{} || r.ptr != end || !std::isfinite(constant_rate) || constant_rate < 0.0f)
                fail(8, "the checkpoint's learning_rate is '" + rate->second + "', not a finite rate >= 0");
        }
        if (file_constant != t.optimizer_.learning_rate.is_constant())
            fail(8, std::string("the checkpoint's learning rate is ") + (file_constant ? "a constant" : "a schedule") +
                    "; this trainer's is " + (file_constant ? "a schedule (" + t.optimizer_.learning_rate.name() + ")" : "a constant"));

        std::map<std::string, const safetensors::tensor_info*> by_name;
        for (const auto& info : h.tensors) by_name.emplace(info.name, &info);
        struct copy {
            float* to;
            const unsigned char* from;
            std::size_t count;
        };
        std::vector<copy> copies;
        std::set<std::string> ours;
        for (std::size_t i = 0; i < Trainer::optimizer::slots; ++i) {
            if (t.state_[i].size() == 0) continue;
            for (const weight_slot& w : layout_of<model_t>().slots) {
                if (!w.trainable) continue;
                const std::string name = optimizer_tensor(i, w.name);
                const auto it = by_name.find(name);
                if (it == by_name.end())
                    fail(8, "the checkpoint has no tensor '" + name + "' (shape " + safetensors::shape_text(w.shape) + ")");
                const auto& info = *it->second;
                const std::uint64_t at = h.data_start + info.begin;
                if (info.shape != w.shape)
                    fail(at, "tensor '" + name + "' has shape " + safetensors::shape_text(info.shape) +
                                 "; this network's is " + safetensors::shape_text(w.shape));
                if (info.dtype != "F32") fail(at, "tensor '" + name + "' is " + info.dtype + "; ctnet reads F32");
                for (std::size_t e = 0; e < w.count; ++e) {
                    float v;
                    std::memcpy(&v, bytes.data() + at + 4 * e, 4);
                    if (!std::isfinite(v))
                        fail(at + 4 * e, "tensor '" + name + "' element " + std::to_string(e) + " is " + value_text(v) +
                                             "; optimizer state is finite");
                }
                copies.push_back({t.state_[i].data() + w.offset, bytes.data() + at, w.count});
                ours.insert(name);
            }
        }
        weights_io<model_t>::load(t.model_, bytes, file, ours);  // checks all, then writes the weights
        for (const copy& c : copies) std::memcpy(c.to, c.from, 4 * c.count);
        t.iterations_ = iterations;
        t.epochs_done_ = static_cast<std::size_t>(epochs);
        model_ops<model_t>::reseed(t.model_, seed);
        if (file_constant) t.optimizer_.learning_rate.set_constant(constant_rate);
    }
};

} // namespace ctnet::detail
