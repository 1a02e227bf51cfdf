// Mean squared error on m x N float rows: value and gradient w.r.t. the prediction.
//
// Keras's `mean_squared_error`: per-sample loss mean over the last axis of (y - yhat)^2, batch loss
// the mean over the m rows, so d(loss)/d yhat = 2 (yhat - y) / (m N). A row's squares are summed in
// 16 fixed lanes (same order on every ISA). grad may equal y_pred but must not partly overlap it.
#ifndef CTNET_BODY_KERNELS_MEAN_SQUARED_ERROR_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_MEAN_SQUARED_ERROR_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>

#include <ctnet/kernels/detail/training_math_pack.hpp>
#include <ctnet/kernels/loss_sums.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

template <std::size_t N>
struct mean_squared_error {
    static_assert(N >= 1, "ctnet::kernels::mean_squared_error: needs at least one output");

    // Returns the loss sums (correct is always 0); if grad is not null it receives d(loss/m)/d y_pred.
    static loss_sums value(const float* y_true, const float* y_pred, std::size_t m,
                           float* grad = nullptr) noexcept
    {
        namespace t = detail::tmath;
        loss_sums out;
        const t::pack scale = t::splat(2.0f / (static_cast<float>(m) * static_cast<float>(N)));
        for (std::size_t i = 0; i < m * N; i += N) {
            t::pack acc = t::zero();
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const t::pack d = t::load_block<count>(y_pred + i + o) - t::load_block<count>(y_true + i + o);
                acc = acc + d * d;
                if (grad != nullptr) t::store_block<count>(grad + i + o, d * scale);
            });
            out.loss += t::lane_sum(acc) / static_cast<double>(N);
        }
        return out;
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_MEAN_SQUARED_ERROR_HPP
