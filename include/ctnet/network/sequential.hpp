// sequential: a network declared as the ordered list of its layers, and the model holding its weights.
#pragma once

#include <cstddef>
#include <filesystem>
#include <type_traits>
#include <vector>

#include <ctnet/core/seed.hpp>
#include <ctnet/core/type_list.hpp>
#include <ctnet/exec/arena.hpp>
#include <ctnet/network/copy_layers.hpp>
#include <ctnet/network/network_facts.hpp>

namespace ctnet {

namespace detail {
// Weight initialization and inference live in exec/model_ops.hpp, so that declaring and checking a
// network (ctnet/net.hpp) does not compile the engine; ctnet/ctnet.hpp brings both.
template <class Model>
struct model_ops;
// Weights files live in io/weights.hpp (safetensors, through nlohmann/json).
template <class Model>
struct weights_io;
} // namespace detail

/// `sequential<input<28, 28>, flatten, dense<100, relu>, dense<10, softmax>>`, as Keras's
/// Sequential. As a type it is the declaration: `param_count`, `plan_of`, `summary` check and
/// plan it without making an object. As an object it is the model: its weights (one parameter
/// arena, one state arena for batch-norm moving statistics), drawn from a seed. Copying a model
/// copies its weights. Derive from it to name a network in diagnostics:
/// `struct mnist_mlp : ctnet::sequential<...> { using sequential::sequential; };`.
template <class... Layers>
class sequential {
public:
    using layer_list = detail::type_list<Layers...>;

    /// Weights drawn as Keras draws them (VarianceScaling per the plan's resolved initializer,
    /// zero biases, batch norm gamma 1, beta 0, moving mean 0, moving variance 1) from `s`.
    // constexpr only so that it is instantiated where the model is made, which keeps clang 14's
    // error for a bad network at one note (summary.hpp); it never runs at compile time.
    constexpr explicit sequential(seed s = {}) : seed_(s.value) {
        static_cast<void>(&detail::diagnostic_t<sequential>::template report<sequential>);
        detail::model_ops<sequential>::initialize(*this);
    }

    /// The model `other` holds, as this network: the same layers, some frozen<...> or not
    /// (docs/layers.md#frozen), or differing in initializer, regularizer or constraint only; a
    /// layer that differs otherwise is a compile error naming it (as copy_layers). Unfreezing is
    /// `unfrozen_model_t b2{b};`: a new type holding the same weights and seed. Optimizer state
    /// stays with the trainer; compile the new model anew.
    // constexpr for the same reason as the constructor below: one note on clang 14 for a mistake.
    template <class... Other>
        requires(sizeof...(Other) == sizeof...(Layers) && !std::is_same_v<sequential<Other...>, sequential>)
    constexpr explicit sequential(const sequential<Other...>& other)
        : seed_(other.seed_value()), params_(plan().param_floats), state_(plan().state_floats) {
        static_cast<void>(&detail::diagnostic_t<sequential>::template report<sequential>);
        using check = decltype(detail::copy_check<sizeof...(Layers), sequential<Other...>, sequential>());
        static_cast<void>(&check::template report<sequential>);
        if constexpr (std::is_same_v<check, detail::no_mistake>)
            detail::copy_layer_weights<sizeof...(Layers)>(other, *this);
    }

    static constexpr const auto& plan() { return detail::facts_of<sequential>::planned; }
    static constexpr std::size_t input_size() { return plan().input_size; }
    static constexpr std::size_t output_size() { return plan().output_size; }

    /// Inference (batch norm on its moving statistics, dropout off): one row of output_size()
    /// floats per sample of `inputs` (input_size() floats each), computed in batches of 256.
    std::vector<float> predict(const std::vector<float>& inputs) const {
        return detail::model_ops<sequential>::predict(*this, inputs);
    }

    /// Writes the weights, moving statistics included, to `file` as safetensors, with Keras's
    /// variable names and shapes; the file is replaced atomically (docs/saving.md).
    void save_weights(const std::filesystem::path& file) const { detail::weights_io<sequential>::save(*this, file); }
    /// Reads weights written by save_weights (or by Keras through the safetensors package) from
    /// `file`; on any mismatch it throws ctnet::file_error and leaves the model unchanged.
    void load_weights(const std::filesystem::path& file) { detail::weights_io<sequential>::load(*this, file); }

    float* parameters() noexcept { return params_.data(); }
    const float* parameters() const noexcept { return params_.data(); }
    float* state() noexcept { return state_.data(); }
    const float* state() const noexcept { return state_.data(); }
    std::uint64_t seed_value() const noexcept { return seed_; }

private:
    template <class>
    friend struct detail::model_ops;

    std::uint64_t seed_ = 0;
    detail::arena params_;
    detail::arena state_;
};

} // namespace ctnet
