// Batch normalization over N features of m x N rows: training forward/backward, inference, folding.
//
// Keras BatchNormalization (axis -1; keras/src/layers/normalization/batch_normalization.py):
// training uses the batch mean and the *biased* batch variance (divide by m), both for normalising
// and for the moving averages moving = moving * momentum + batch * (1 - momentum) (PyTorch updates
// its running variance with the unbiased one and calls 1 - momentum "momentum"). Inference uses the
// moving statistics. m == 1 is allowed: the variance is 0 and the output is beta, as in Keras.
//
// Every loop runs over rows in ascending order with the N features in 16-lane blocks, so each
// per-feature sum has a fixed order. Outputs may be exactly the same buffer as an input where
// noted (each block is read before it is written), never a partial overlap.
//
// Features are independent, so the statistics kernels also run on a slice of the features: with
// Stride > N, rows are Stride floats apart and the caller offsets every pointer (rows and per-
// feature arrays) to the slice's first feature. Each feature's arithmetic is the same whatever the
// slice, so two threads taking one slice each give bitwise the one-thread result.
#ifndef CTNET_BODY_KERNELS_BATCH_NORM_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_BATCH_NORM_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cmath>
#include <cstddef>

#include <ctnet/kernels/detail/training_math_pack.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

/// Adds rows [r0, r1) of x (rows `stride` floats apart) to the shifted sums of columns [c0, c1):
/// sum[j] += x[i][j] - shift[j] and sum_sq[j] += (x[i][j] - shift[j])^2, where the shift is the
/// column's value in row 0, set (with the sums cleared) by the call whose r0 is 0. Calls for the same
/// columns must come in ascending row order; each column is then one chain over the rows, so any
/// cut into row ranges and column ranges gives bitwise the same sums. Shifting by a sample of the
/// column keeps sum_sq/m - (sum/m)^2 accurate where x^2 - mean^2 would cancel (a nearly constant
/// feature), in one pass over x instead of two.
inline void accumulate_shifted_sums(const float* x, std::size_t stride, std::size_t r0, std::size_t r1,
                                    std::size_t c0, std::size_t c1, float* shift, float* sum, float* sum_sq) noexcept
{
    namespace t = detail::tmath;
    for (std::size_t j = c0; j < c1; j += t::lanes) {
        const std::size_t n = c1 - j < t::lanes ? c1 - j : t::lanes;
        if (r0 == 0 && r1 > 0) t::store_first(shift + j, t::load_first(x + j, n), n);
        const t::pack sh = t::load_first(shift + j, n);
        t::pack s1 = r0 == 0 ? t::zero() : t::load_first(sum + j, n);
        t::pack s2 = r0 == 0 ? t::zero() : t::load_first(sum_sq + j, n);
        for (std::size_t i = r0; i < r1; ++i) {
            const t::pack d = t::load_first(x + i * stride + j, n) - sh;
            s1 = s1 + d;
            s2 = s2 + d * d;
        }
        t::store_first(sum + j, s1, n);
        t::store_first(sum_sq + j, s2, n);
    }
}

template <std::size_t N, std::size_t Stride = N>
struct batch_norm {
    static_assert(N >= 1, "ctnet::kernels::batch_norm: needs at least one feature");
    static_assert(Stride >= N, "ctnet::kernels::batch_norm: a row holds at least the N features");

    // Training forward. Writes batch_mean[N], inv_std[N] = 1/sqrt(var + epsilon), x_hat (m x N) =
    // (x - mean) * inv_std and y = gamma * x_hat + beta, and updates the moving statistics in place.
    // x_hat and y are what train_backward needs (x_hat, inv_std). x_hat may be x; y may be x; x_hat
    // and y must differ. The statistics are the shifted sums of accumulate_shifted_sums (one pass),
    // so a caller that gathered them elsewhere (a GEMM epilogue) gets bitwise this result from
    // finish_statistics + update_moving_statistics + normalize.
    static void train_forward(const float* x, std::size_t m, const float* gamma, const float* beta,
                              float momentum, float epsilon, float* moving_mean,
                              float* moving_variance, float* batch_mean, float* inv_std,
                              float* x_hat, float* y) noexcept
    {
        float sum_sq[N];
        accumulate_shifted_sums(x, Stride, 0, m, 0, N, batch_mean, inv_std, sum_sq);
        finish_statistics(m, epsilon, batch_mean, inv_std, sum_sq);
        update_moving_statistics(momentum, moving_mean, moving_variance, batch_mean, sum_sq);
        normalize(x, m, gamma, beta, batch_mean, inv_std, x_hat, y);
    }

    // Turns the shifted sums of all m rows (accumulate_shifted_sums: shift, sum, sum_sq) into the
    // batch statistics: shift becomes the batch mean, sum becomes 1/sqrt(var + epsilon) and sum_sq
    // the biased variance var = sum_sq/m - (sum/m)^2 (Keras). The moving statistics are left to
    // update_moving_statistics, so that a training step can be refused (a non-finite loss) before
    // anything it computed is kept.
    static void finish_statistics(std::size_t m, float epsilon, float* shift_to_mean, float* sum_to_inv_std,
                                  float* sum_sq_to_variance) noexcept
    {
        const float inv_m = 1.0f / static_cast<float>(m);
        for (std::size_t j = 0; j < N; ++j) {
            const float d = sum_to_inv_std[j] * inv_m;
            const float spread = sum_sq_to_variance[j] * inv_m - d * d;
            const float variance = spread > 0.0f ? spread : 0.0f;
            shift_to_mean[j] = shift_to_mean[j] + d;
            sum_to_inv_std[j] = 1.0f / std::sqrt(variance + epsilon);
            sum_sq_to_variance[j] = variance;
        }
    }

    // Keras's moving averages: moving = moving * momentum + batch * (1 - momentum).
    static void update_moving_statistics(float momentum, float* moving_mean, float* moving_variance,
                                         const float* batch_mean, const float* batch_variance) noexcept
    {
        for (std::size_t j = 0; j < N; ++j) {
            moving_mean[j] = moving_mean[j] * momentum + batch_mean[j] * (1.0f - momentum);
            moving_variance[j] = moving_variance[j] * momentum + batch_variance[j] * (1.0f - momentum);
        }
    }

    // x_hat = (x - batch_mean) * inv_std and y = gamma * x_hat + beta (m x N). x_hat may be x; y may
    // be x; x_hat and y must differ.
    static void normalize(const float* x, std::size_t m, const float* gamma, const float* beta,
                          const float* batch_mean, const float* inv_std, float* x_hat, float* y) noexcept
    {
        namespace t = detail::tmath;
        for (std::size_t i = 0; i < m; ++i) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = i * Stride + o;
                const t::pack xh = (t::load_block<count>(x + at) - t::load_block<count>(batch_mean + o)) *
                                   t::load_block<count>(inv_std + o);
                const t::pack out = xh * t::load_block<count>(gamma + o) + t::load_block<count>(beta + o);
                t::store_block<count>(x_hat + at, xh);
                t::store_block<count>(y + at, out);
            });
        }
    }

    // x_hat = (x - batch_mean) * inv_std only (normalize without y), bitwise normalize's x_hat.
    static void standardize(const float* x, std::size_t m, const float* batch_mean, const float* inv_std,
                            float* x_hat) noexcept
    {
        namespace t = detail::tmath;
        for (std::size_t i = 0; i < m; ++i) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = i * Stride + o;
                t::store_block<count>(x_hat + at, (t::load_block<count>(x + at) - t::load_block<count>(batch_mean + o)) *
                                                      t::load_block<count>(inv_std + o));
            });
        }
    }

    // Training backward through the batch statistics, given dy (m x N) = dL/dy:
    // dbeta = sum_i dy, dgamma = sum_i dy * x_hat,
    // dx = (gamma * inv_std / m) * (m dy - sum_i dy - x_hat * sum_i dy x_hat).
    // With accumulate, dgamma/dbeta are added to; otherwise overwritten. dgamma, dbeta and dx may be
    // null (not wanted: a batch norm on the network's input needs no dx). dx may be dy.
    static void train_backward(const float* dy, const float* x_hat, const float* gamma,
                               const float* inv_std, std::size_t m, float* dx, float* dgamma,
                               float* dbeta, bool accumulate) noexcept
    {
        namespace t = detail::tmath;
        float sum_dy[N];
        float sum_dy_xhat[N];
        column_sums(m, sum_dy, [&](std::size_t i, std::size_t o, auto w) {
            return t::load_block<decltype(w)::value>(dy + i * Stride + o);
        });
        column_sums(m, sum_dy_xhat, [&](std::size_t i, std::size_t o, auto w) {
            constexpr std::size_t count = decltype(w)::value;
            return t::load_block<count>(dy + i * Stride + o) * t::load_block<count>(x_hat + i * Stride + o);
        });
        float coef[N];
        const float mf = static_cast<float>(m);
        for (std::size_t j = 0; j < N; ++j) {
            coef[j] = gamma[j] * inv_std[j] / mf;
            if (dbeta != nullptr) dbeta[j] = accumulate ? dbeta[j] + sum_dy[j] : sum_dy[j];
            if (dgamma != nullptr) dgamma[j] = accumulate ? dgamma[j] + sum_dy_xhat[j] : sum_dy_xhat[j];
        }
        if (dx == nullptr) return;
        const t::pack mp = t::splat(mf);
        for (std::size_t i = 0; i < m; ++i) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = i * Stride + o;
                const t::pack g = t::load_block<count>(dy + at);
                const t::pack inner = mp * g - t::load_block<count>(sum_dy + o) -
                                      t::load_block<count>(x_hat + at) * t::load_block<count>(sum_dy_xhat + o);
                t::store_block<count>(dx + at, t::load_block<count>(coef + o) * inner);
            });
        }
    }

    // The affine map inference mode applies: y = x * scale + shift with
    // scale = gamma / sqrt(moving_variance + epsilon), shift = beta - moving_mean * scale
    // (Keras's ops.batch_normalization order of operations).
    static void inference_affine(const float* gamma, const float* beta, const float* moving_mean,
                                 const float* moving_variance, float epsilon, float* scale,
                                 float* shift) noexcept
    {
        for (std::size_t j = 0; j < N; ++j) {
            scale[j] = gamma[j] * (1.0f / std::sqrt(moving_variance[j] + epsilon));
            shift[j] = beta[j] - moving_mean[j] * scale[j];
        }
    }

    // Inference forward with the moving statistics (Keras training=False, or trainable=False).
    // y may be x.
    static void inference_forward(const float* x, std::size_t m, const float* gamma, const float* beta,
                                  const float* moving_mean, const float* moving_variance,
                                  float epsilon, float* y) noexcept
    {
        namespace t = detail::tmath;
        float scale[N];
        float shift[N];
        inference_affine(gamma, beta, moving_mean, moving_variance, epsilon, scale, shift);
        for (std::size_t i = 0; i < m; ++i) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = i * Stride + o;
                t::store_block<count>(y + at, t::load_block<count>(x + at) * t::load_block<count>(scale + o) +
                                                  t::load_block<count>(shift + o));
            });
        }
    }

    // Backward of inference mode (a frozen batch norm inside a trainable network): the statistics
    // are constants, so dx = dy * gamma / sqrt(moving_variance + epsilon). dx may be dy.
    static void inference_backward(const float* dy, std::size_t m, const float* gamma,
                                   const float* moving_variance, float epsilon, float* dx) noexcept
    {
        namespace t = detail::tmath;
        float scale[N];
        for (std::size_t j = 0; j < N; ++j) scale[j] = gamma[j] * (1.0f / std::sqrt(moving_variance[j] + epsilon));
        for (std::size_t i = 0; i < m; ++i) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = i * Stride + o;
                t::store_block<count>(dx + at, t::load_block<count>(dy + at) * t::load_block<count>(scale + o));
            });
        }
    }

    // Folds this batch norm (inference mode) into the dense layer before it, kernel (K x N) and bias
    // [N] (null for a dense without bias): BN(x W + b) = x W' + b' with W'[k][j] = W[k][j] s[j],
    // b'[j] = (b[j] - moving_mean[j]) s[j] + beta[j], s = gamma / sqrt(moving_variance + epsilon).
    // Only valid when nothing (no activation) sits between the dense and the batch norm.
    // kernel_out may be kernel, bias_out may be bias.
    template <std::size_t K>
        requires(Stride == N)
    static void fold_into_preceding_dense(const float* kernel, const float* bias, const float* gamma,
                                          const float* beta, const float* moving_mean,
                                          const float* moving_variance, float epsilon,
                                          float* kernel_out, float* bias_out) noexcept
    {
        namespace t = detail::tmath;
        float scale[N];
        float shift[N];
        inference_affine(gamma, beta, moving_mean, moving_variance, epsilon, scale, shift);
        for (std::size_t k = 0; k < K; ++k) {
            t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = k * N + o;
                t::store_block<count>(kernel_out + at,
                                      t::load_block<count>(kernel + at) * t::load_block<count>(scale + o));
            });
        }
        // (b - mean) * s + beta, with shift = beta - mean * s: b * s + shift.
        for (std::size_t j = 0; j < N; ++j)
            bias_out[j] = (bias != nullptr ? bias[j] * scale[j] : 0.0f) + shift[j];
    }

    // Folds this batch norm (inference mode, over the N inputs) into the dense layer after it,
    // kernel (N x Units) and bias [Units] (null for none): dense(BN(x)) = x W' + b' with
    // W'[k][j] = s[k] W[k][j], b'[j] = b[j] + sum_k shift[k] W[k][j] (sum over k ascending).
    // kernel_out may be kernel, bias_out may be bias.
    template <std::size_t Units>
        requires(Stride == N)
    static void fold_into_following_dense(const float* kernel, const float* bias, const float* gamma,
                                          const float* beta, const float* moving_mean,
                                          const float* moving_variance, float epsilon,
                                          float* kernel_out, float* bias_out) noexcept
    {
        namespace t = detail::tmath;
        float scale[N];
        float shift[N];
        inference_affine(gamma, beta, moving_mean, moving_variance, epsilon, scale, shift);
        t::pack acc[t::block_count<Units>];
        for (auto& a : acc) a = t::zero();
        for (std::size_t k = 0; k < N; ++k) {
            const t::pack s = t::splat(scale[k]);
            const t::pack h = t::splat(shift[k]);
            t::for_each_block<Units>([&](std::size_t b, std::size_t o, auto w) {
                constexpr std::size_t count = decltype(w)::value;
                const std::size_t at = k * Units + o;
                const t::pack wk = t::load_block<count>(kernel + at);
                acc[b] = acc[b] + h * wk;
                t::store_block<count>(kernel_out + at, s * wk);
            });
        }
        t::for_each_block<Units>([&](std::size_t b, std::size_t o, auto w) {
            constexpr std::size_t count = decltype(w)::value;
            const t::pack b0 = bias != nullptr ? t::load_block<count>(bias + o) : t::zero();
            t::store_block<count>(bias_out + o, b0 + acc[b]);
        });
    }

private:
    // out[j] = sum over rows i = 0..m-1 (ascending) of term(i, offset, width) lane j - offset.
    template <class Term>
    static void column_sums(std::size_t m, float* out, Term&& term) noexcept
    {
        namespace t = detail::tmath;
        t::for_each_block<N>([&](std::size_t, std::size_t o, auto w) {
            constexpr std::size_t count = decltype(w)::value;
            t::pack acc = t::zero();
            for (std::size_t i = 0; i < m; ++i) acc = acc + term(i, o, w);
            t::store_block<count>(out + o, acc);
        });
    }
};

/// One finished tile of the weight-gradient GEMM of a dense that follows a batch norm on the network's
/// input (executor::dense_after_input_batch_norm; docs/training-math.md): `rows` rows k of
/// G = x_hat^T dz and `cols` columns j, rows `Units` floats apart in g and w (both pointing at the
/// tile's first element; s, gamma, beta and the outputs at the tile's first column or row). For each
/// row k it writes the tile's share of dgamma[k] = sum_j W[k][j] G[k][j] and dbeta[k] = sum_j W[k][j]
/// s[j] (s: the column sums of dz) to dgamma_part[k] and dbeta_part[k], then turns G into
/// dW = gamma[k] G + beta[k] s in place. Each share is summed in 16-lane blocks, lanes added in
/// ascending order: its value depends on the tile's columns only, never on the thread.
template <std::size_t Units>
inline void batch_norm_through_dense_tile(float* g, const float* w, const float* s, const float* gamma,
                                          const float* beta, std::size_t rows, std::size_t cols, float* dgamma_part,
                                          float* dbeta_part) noexcept
{
    namespace t = detail::tmath;
    for (std::size_t k = 0; k < rows; ++k) {
        t::pack dgamma = t::zero(), dbeta = t::zero();
        const t::pack gk = t::splat(gamma[k]), bk = t::splat(beta[k]);
        float* gr = g + k * Units;
        const float* wr = w + k * Units;
        for (std::size_t j = 0; j < cols; j += t::lanes) {
            const std::size_t n = cols - j < t::lanes ? cols - j : t::lanes;
            const t::pack gv = t::load_first(gr + j, n);
            const t::pack wv = t::load_first(wr + j, n);
            const t::pack sv = t::load_first(s + j, n);
            dgamma = dgamma + wv * gv;
            dbeta = dbeta + wv * sv;
            const t::pack dw = gk * gv + bk * sv;
            t::store_first(gr + j, dw, n);
        }
        float lanes_g[t::lanes], lanes_b[t::lanes];
        t::to_array(dgamma, lanes_g);
        t::to_array(dbeta, lanes_b);
        float sum_g = 0.0f, sum_b = 0.0f;
        for (std::size_t l = 0; l < t::lanes; ++l) {
            sum_g += lanes_g[l];
            sum_b += lanes_b[l];
        }
        dgamma_part[k] = sum_g;
        dbeta_part[k] = sum_b;
    }
}

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_BATCH_NORM_HPP
