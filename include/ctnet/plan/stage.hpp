// stage: one fused step of the execution plan (what the kernels run), as a constexpr value.
#pragma once

#include <cstddef>

#include <ctnet/core/records.hpp>

namespace ctnet {

enum class stage_kind { dense, batch_norm, activation, dropout, alpha_dropout };

/// Where a batch_norm sits in a dense stage: none, between the GEMM and the activation
/// (pre-activation BN), or after the activation (the seed model's order).
enum class bn_position { none, before_activation, after_activation };

inline constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

/// One stage. Sizes in floats; parameter/state offsets index the arenas; buffer offsets are per
/// batch row (a buffer of width w at offset o occupies [o * batch, (o + w) * batch) of the
/// activation arena, row-major). Every field takes part in plan equality: the layers a stage
/// came from are kept apart, in `stage_origin`.
struct stage {
    stage_kind kind = stage_kind::dense;
    std::size_t inputs = 0;                   // features in
    std::size_t units = 0;                    // features out
    detail::activation_record activation{};   // applied by this stage (linear: none)
    bn_position bn = bn_position::none;
    float momentum = 0.0f;                    // batch_norm
    float epsilon = 0.0f;
    float rate = 0.0f;                        // dropout fused or standalone
    bool dropout_fused = false;
    detail::initializer_record initializer{}; // dense kernel
    detail::regularizer_record regularizer{};
    float max_norm = 0.0f;
    // Which of the stage's parameters train (frozen<...> clears them): the dense's kernel and bias,
    // the prelu slopes, the batch norm's gamma and beta (a frozen batch norm also runs on its moving
    // statistics in training, as Keras 3's does). True where the stage has no such parameters.
    bool train_kernel = true, train_alpha = true, train_bn = true;
    // parameter arena (trainable), state arena (not trainable)
    std::size_t kernel = no_offset, bias = no_offset, alpha = no_offset, gamma = no_offset, beta = no_offset;
    std::size_t moving_mean = no_offset, moving_variance = no_offset;
    // activation arena, per batch row
    std::size_t in = 0;                       // where this stage reads its input
    std::size_t pre = no_offset;              // dense: GEMM output z (or z normalized, for BN before activation)
    std::size_t mid = no_offset;              // dense + BN: the normalized value x_hat
    std::size_t aux = no_offset;              // dense + BN: the activation output (BN after) or BN output (BN before)
    std::size_t out = 0;                      // stage output
    constexpr bool operator==(const stage&) const = default;
};

/// Whether stage s has a parameter that trains.
constexpr bool trains_any(const stage& s) {
    return (s.kernel != no_offset && s.train_kernel) || (s.alpha != no_offset && s.train_alpha) ||
           (s.gamma != no_offset && s.train_bn);
}

/// Which declared layers a stage came from (for summaries and messages; not part of equality).
struct stage_origin {
    std::size_t first_layer = 0;
    std::size_t last_layer = 0;
    std::size_t dense_layer = no_offset;
    std::size_t bn_layer = no_offset;
    std::size_t activation_layer = no_offset;  // the layer declaring the stage's activation (a dense option or a layer)
};

} // namespace ctnet
