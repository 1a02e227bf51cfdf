// The machine's single-precision FMA peak of one core, measured: what the benchmarks' "of peak" divides by.
#pragma once

#include <chrono>
#include <cstdio>

#include <ctnet/build_info.hpp>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace ctnet_bench {

namespace detail {

// 12 independent chains of one fused multiply-add each, `iters` times: returns a value that depends
// on every lane (so nothing is optimised away). One function per instruction set, each compiled for
// it by a target attribute, so that a program built without -march still measures the machine's peak
// (the kernels it runs are chosen at run time, docs/inference.md).
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
__attribute__((target("avx512f"))) inline float fma_chains_avx512(long iters) {
    __m512 a[12];
    for (int i = 0; i < 12; ++i) a[i] = _mm512_set1_ps(1.0f + static_cast<float>(i) * 1e-3f);
    const __m512 b = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
    for (long k = 0; k < iters; ++k) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) a[i] = _mm512_fmadd_ps(a[i], b, c);
    }
    __m512 total = a[0];
    for (int i = 1; i < 12; ++i) total = _mm512_add_ps(total, a[i]);
    alignas(64) float lanes[16];  // not _mm512_reduce_add_ps: GCC 12 warns inside it (PR 105593)
    _mm512_store_ps(lanes, total);
    float sink = 0.0f;
    for (const float l : lanes) sink += l;
    return sink;
}

__attribute__((target("avx2,fma"))) inline float fma_chains_avx2(long iters) {
    __m256 a[12];
    for (int i = 0; i < 12; ++i) a[i] = _mm256_set1_ps(1.0f + static_cast<float>(i) * 1e-3f);
    const __m256 b = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
    for (long k = 0; k < iters; ++k) {
#pragma GCC unroll 12
        for (int i = 0; i < 12; ++i) a[i] = _mm256_fmadd_ps(a[i], b, c);
    }
    __m256 total = a[0];
    for (int i = 1; i < 12; ++i) total = _mm256_add_ps(total, a[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, total);
    float sink = 0.0f;
    for (const float l : lanes) sink += l;
    return sink;
}
#endif

inline float fma_chains_portable(long iters) {
    float a[12][16];
    for (int i = 0; i < 12; ++i)
        for (int l = 0; l < 16; ++l) a[i][l] = 1.0f + static_cast<float>(i) * 1e-3f;
    for (long k = 0; k < iters; ++k)
        for (int i = 0; i < 12; ++i)
            for (int l = 0; l < 16; ++l) a[i][l] = a[i][l] * 0.999999f + 1e-7f;
    float sink = 0.0f;
    for (int i = 0; i < 12; ++i)
        for (int l = 0; l < 16; ++l) sink += a[i][l];
    return sink;
}

} // namespace detail

// The widest FMA this CPU has (ctnet::cpu(): zmm with AVX-512, ymm with AVX2+FMA, else what the
// compiler makes of 16-float arrays), 12 chains, best of 5 runs of about 50 ms. Measured here rather
// than quoted, because the machines these benchmarks run on change (the anchor's 217.9 GFLOP/s was a
// Zen 5; an Intel Xeon here gave 232). Returns GFLOP/s.
inline double fma_peak_gflops_per_core() {
    constexpr long iters = 3'000'000;
    double best = 0.0;
    for (int rep = 0; rep < 5; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        float sink = 0.0f;
        double lanes = 16;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
        if (ctnet::cpu().avx512) sink = detail::fma_chains_avx512(iters);
        else if (ctnet::cpu().avx2_fma) sink = detail::fma_chains_avx2(iters), lanes = 8;
        else sink = detail::fma_chains_portable(iters);
#else
        sink = detail::fma_chains_portable(iters);
#endif
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double gflops = 12.0 * lanes * 2 * static_cast<double>(iters) / s / 1e9;
        if (gflops > best && sink == sink) best = gflops;
    }
    return best;
}

// Every benchmark's first line: which kernels it runs (ctnet::build_info).
inline void print_kernels() { std::printf("%s\n", ctnet::build_info().c_str()); }

} // namespace ctnet_bench
