// Counter-based random numbers (Philox4x32-10, Random123's constants): every draw is a pure
// function of (seed, stream, step, row, unit), so it does not depend on which thread makes it.
#ifndef CTNET_BODY_KERNELS_PHILOX_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_KERNELS_PHILOX_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace ctnet { CTNET_ISA_BEGIN namespace kernels {

// Element (row, unit) of consumer `stream` at training step `step` owns lane unit % 4 of the
// block philox(counter = {stream, step, row, unit / 4}, key = seed). One 128-bit block thus
// serves four neighbouring units, and a row can be drawn in any order or split among threads.
// `stream` separates consumers: give each random user (a layer's dropout, a layer's RReLU, a
// kernel's initializer) its own, e.g. with philox::stream_of. The initializers use the `step`
// word as the redraw attempt of truncated normals.
struct philox {
    using block = std::array<std::uint32_t, 4>;
    using key_type = std::array<std::uint32_t, 2>;

    // What a stream id is for; stream_of(layer, purpose) keeps the consumers of one layer apart.
    enum purpose : std::uint32_t { kernel_init = 0, bias_init = 1, dropout = 2, rrelu_slope = 3, other = 7 };
    static constexpr std::uint32_t stream_of(std::uint32_t layer, purpose p) noexcept { return layer << 3 | p; }

    // Philox4x32 with 10 rounds, bit for bit as Random123's philox4x32_R(10, ctr, key).
    static constexpr block generate(block ctr, key_type key) noexcept {
        constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
        constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
        for (int round = 0; round < 10; ++round) {
            if (round > 0) {
                key[0] += w0;
                key[1] += w1;
            }
            const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * ctr[0];
            const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * ctr[2];
            ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
                   static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
        }
        return ctr;
    }
    // The 64-bit seed is the key: low word first.
    static constexpr block generate(block ctr, std::uint64_t seed) noexcept {
        return generate(ctr, key_type{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)});
    }

    // The 32 random bits owned by one element (see the class comment).
    static constexpr std::uint32_t bits(std::uint64_t seed, std::uint32_t stream, std::uint32_t step,
                                        std::uint32_t row, std::uint32_t unit) noexcept {
        return generate(block{stream, step, row, unit >> 2}, seed)[unit & 3u];
    }

    // [0, 1) from the top 24 bits: every value is an exact float, 1 is never reached.
    static constexpr float to_unit(std::uint32_t b) noexcept {
        return static_cast<float>(b >> 8) * 0x1p-24f;
    }
    // [a, b) as a + (b - a) u. With rounding the top can touch b when |a| >> |b - a|; callers
    // with such ranges must not rely on the open end.
    static constexpr float to_range(std::uint32_t b, float lo, float hi) noexcept {
        return lo + (hi - lo) * to_unit(b);
    }

    // Two independent standard normals from two 32-bit words by Box-Muller, in double. Written
    // out here because std::normal_distribution's draws differ between libstdc++ and libc++.
    // u1 = (b0 + 1/2) / 2^32 lies in (0, 1), so log never sees 0; |n| <= 6.7.
    static void to_normal_pair(std::uint32_t b0, std::uint32_t b1, double& n0, double& n1) noexcept {
        constexpr double two_pi = 6.283185307179586476925;
        const double u1 = (static_cast<double>(b0) + 0.5) * 0x1p-32;
        const double u2 = static_cast<double>(b1) * 0x1p-32;
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double theta = two_pi * u2;
        n0 = r * std::cos(theta);
        n1 = r * std::sin(theta);
    }
    // Four standard normals from one block: (b0, b1) give lanes 0 and 1, (b2, b3) lanes 2 and 3.
    static std::array<double, 4> to_normals(block b) noexcept {
        std::array<double, 4> n{};
        to_normal_pair(b[0], b[1], n[0], n[1]);
        to_normal_pair(b[2], b[3], n[2], n[3]);
        return n;
    }

    static constexpr float uniform(std::uint64_t seed, std::uint32_t stream, std::uint32_t step,
                                   std::uint32_t row, std::uint32_t unit) noexcept {
        return to_unit(bits(seed, stream, step, row, unit));
    }

    // Dropout: keep the element with probability 1 - rate (Keras keeps where u >= rate).
    // rate is quantised to multiples of 2^-24.
    static constexpr bool keep(std::uint64_t seed, std::uint32_t stream, std::uint32_t step,
                               std::uint32_t row, std::uint32_t unit, float rate) noexcept {
        return uniform(seed, stream, step, row, unit) >= rate;
    }

    // Blocks generated together by uniform_row: counters {stream, step, row, first + j} for
    // j < blocks_at_once, each word held in an array across the blocks, so that each round's
    // multiplies and xors are a few vector instructions over all of them (the compiler vectorises
    // the j loops: 32 x 32 -> 64-bit products are vpmuludq). Bit for bit generate()'s blocks.
    static constexpr std::size_t blocks_at_once = 16;
    static void generate_consecutive(std::uint32_t stream, std::uint32_t step, std::uint32_t row, std::uint32_t first,
                                     std::uint64_t seed, std::uint32_t (&out)[4][blocks_at_once]) noexcept {
        constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
        constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
        std::uint32_t c0[blocks_at_once], c1[blocks_at_once], c2[blocks_at_once], c3[blocks_at_once];
        for (std::size_t j = 0; j < blocks_at_once; ++j) {
            c0[j] = stream;
            c1[j] = step;
            c2[j] = row;
            c3[j] = first + static_cast<std::uint32_t>(j);
        }
        std::uint32_t k0 = static_cast<std::uint32_t>(seed), k1 = static_cast<std::uint32_t>(seed >> 32);
        for (int round = 0; round < 10; ++round) {
            if (round > 0) {
                k0 += w0;
                k1 += w1;
            }
            for (std::size_t j = 0; j < blocks_at_once; ++j) {
                const std::uint64_t p0 = static_cast<std::uint64_t>(m0) * c0[j];
                const std::uint64_t p1 = static_cast<std::uint64_t>(m1) * c2[j];
                const std::uint32_t n0 = static_cast<std::uint32_t>(p1 >> 32) ^ c1[j] ^ k0;
                const std::uint32_t n2 = static_cast<std::uint32_t>(p0 >> 32) ^ c3[j] ^ k1;
                c1[j] = static_cast<std::uint32_t>(p1);
                c3[j] = static_cast<std::uint32_t>(p0);
                c0[j] = n0;
                c2[j] = n2;
            }
        }
        for (std::size_t j = 0; j < blocks_at_once; ++j) {
            out[0][j] = c0[j];
            out[1][j] = c1[j];
            out[2][j] = c2[j];
            out[3][j] = c3[j];
        }
    }

    // out[u] = to_range(bits(seed, stream, step, row, first_unit + u), lo, hi) for u < count:
    // the same values as element-wise draws, one block per four units, blocks_at_once blocks
    // at a time where the row has that many whole blocks left.
    static void uniform_row(std::uint64_t seed, std::uint32_t stream, std::uint32_t step, std::uint32_t row,
                            std::uint32_t first_unit, float* out, std::size_t count, float lo, float hi) noexcept {
        std::size_t u = 0;
        while (u < count) {
            const std::uint32_t unit = first_unit + static_cast<std::uint32_t>(u);
            if ((unit & 3u) == 0 && count - u >= 4 * blocks_at_once) {
                std::uint32_t b[4][blocks_at_once];
                generate_consecutive(stream, step, row, unit >> 2, seed, b);
                for (std::size_t j = 0; j < blocks_at_once; ++j)
                    for (std::size_t lane = 0; lane < 4; ++lane) out[u + 4 * j + lane] = to_range(b[lane][j], lo, hi);
                u += 4 * blocks_at_once;
                continue;
            }
            const block b = generate(block{stream, step, row, unit >> 2}, seed);
            for (std::uint32_t lane = unit & 3u; lane < 4u && u < count; ++lane, ++u) out[u] = to_range(b[lane], lo, hi);
        }
    }

    // For a rows x cols block whose rows are first_row, first_row + 1, ...: draws the uniforms in
    // [lo, hi) of each row in chunks of at most 256 into a stack buffer (kernels allocate nothing)
    // and calls f(offset, length, values) with the chunk's offset in the row-major block.
    template <class F>
    static void for_uniform_chunks(std::uint64_t seed, std::uint32_t stream, std::uint32_t step, std::uint32_t first_row,
                                   std::size_t rows, std::size_t cols, float lo, float hi, F&& f) noexcept {
        constexpr std::size_t chunk = 256;
        float values[chunk];
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; c += chunk) {
                const std::size_t len = cols - c < chunk ? cols - c : chunk;
                uniform_row(seed, stream, step, first_row + static_cast<std::uint32_t>(r), static_cast<std::uint32_t>(c),
                            values, len, lo, hi);
                f(r * cols + c, len, static_cast<const float*>(values));
            }
    }
};

} CTNET_ISA_END } // namespace ctnet::kernels

#endif // CTNET_BODY_KERNELS_PHILOX_HPP
