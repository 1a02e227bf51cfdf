// kernel_sets: the kernels a program can run, chosen once from what the CPU has (docs/inference.md,
// "Which kernels run").
//
// The body headers (those that compute: the GEMMs, the activations, batch norm, the losses, the
// optimizers, the executor) are compiled once for the compiler's own flags, into ctnet::detail and
// ctnet::kernels as always. With CTNET_DISPATCH (below), they are compiled again for each richer
// instruction set than the flags give, AVX2+FMA (x86-64-v3) and AVX-512 (x86-64-v4), into
// ctnet::isa_avx2 and ctnet::isa_avx512: the same source inside a
// `#pragma GCC target` (g++) or `#pragma clang attribute push(target)` (clang) region. Each pass
// sets the CTNET_HAS_* macros the kernels test to its instruction set, so it runs the code a
// -march=x86-64-v3 or -v4 build runs. with_kernels(f) calls f with the kernel_set of the best
// instruction set this CPU has (cpu()), or the one CTNET_KERNELS names.
//
// Everything neutral (the standard library, intrinsics' declarations, the plan, the thread pool) is
// included before any pass, so no pass compiles it again for its instruction set.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <ctnet/kernels/cpu.hpp>
#include <ctnet/exec/kernel_set.hpp>

// CTNET_DISPATCH: whether to hold the families richer than the flags' own. By default, yes where the
// flags give the portable kernels (a consumer's plain -O2), on x86-64 with g++ or clang; a build
// whose flags already choose AVX2 (-march=x86-64-v3, or -march=native on such a CPU) was made for its
// machine, and holds the AVX-512 family only with -DCTNET_DISPATCH=1. -DCTNET_DISPATCH=0: none.
#ifndef CTNET_DISPATCH
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !CTNET_HAS_AVX2_FMA && !CTNET_HAS_AVX512
#define CTNET_DISPATCH 1
#else
#define CTNET_DISPATCH 0
#endif
#endif

// Which passes this program holds, decided from the compiler's own flags before any pass changes
// the CTNET_HAS_* macros.
#if CTNET_DISPATCH && !CTNET_HAS_AVX2_FMA && !CTNET_HAS_AVX512
#define CTNET_DISPATCH_AVX2 1
#else
#define CTNET_DISPATCH_AVX2 0
#endif
#if CTNET_DISPATCH && !CTNET_HAS_AVX512
#define CTNET_DISPATCH_AVX512 1
#else
#define CTNET_DISPATCH_AVX512 0
#endif

#if CTNET_DISPATCH_AVX2 || CTNET_DISPATCH_AVX512
#pragma push_macro("CTNET_HAS_AVX512")
#pragma push_macro("CTNET_HAS_AVX2_FMA")
#pragma push_macro("CTNET_HAS_AVX2")
#pragma push_macro("CTNET_HAS_AVX512BF16")
#undef CTNET_ISA_BEGIN
#undef CTNET_ISA_END
#undef CTNET_HAS_AVX512
#undef CTNET_HAS_AVX2_FMA
#undef CTNET_HAS_AVX2
#undef CTNET_HAS_AVX512BF16
#define CTNET_ISA_END }
#define CTNET_HAS_AVX2_FMA 1
#define CTNET_HAS_AVX2 1
#define CTNET_HAS_AVX512BF16 0
#endif

#if CTNET_DISPATCH_AVX2  // x86-64-v3
#define CTNET_ISA_BEGIN namespace isa_avx2 {
#define CTNET_HAS_AVX512 0
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx2,fma,bmi,bmi2,f16c,lzcnt,movbe,popcnt,sse4.2,xsave"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2,fma,bmi,bmi2,f16c,lzcnt,movbe,popcnt,sse4.2,xsave")
#endif
#include <ctnet/exec/detail/kernel_pass.inc>
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#undef CTNET_ISA_BEGIN
#undef CTNET_HAS_AVX512
#endif

#if CTNET_DISPATCH_AVX512  // x86-64-v4
#define CTNET_ISA_BEGIN namespace isa_avx512 {
#define CTNET_HAS_AVX512 1
#if defined(__clang__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx2,fma,bmi,bmi2,f16c,lzcnt,movbe,popcnt,sse4.2,xsave"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx512f,avx512bw,avx512cd,avx512dq,avx512vl,avx2,fma,bmi,bmi2,f16c,lzcnt,movbe,popcnt,sse4.2,xsave")
#endif
#include <ctnet/exec/detail/kernel_pass.inc>
#if defined(__clang__)
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif
#undef CTNET_ISA_BEGIN
#undef CTNET_HAS_AVX512
#endif

#if CTNET_DISPATCH_AVX2 || CTNET_DISPATCH_AVX512
#undef CTNET_ISA_END
#define CTNET_ISA_BEGIN
#define CTNET_ISA_END
#pragma pop_macro("CTNET_HAS_AVX512")
#pragma pop_macro("CTNET_HAS_AVX2_FMA")
#pragma pop_macro("CTNET_HAS_AVX2")
#pragma pop_macro("CTNET_HAS_AVX512BF16")
#endif

namespace ctnet {

namespace detail {

/// Whether this program holds the kernels of family f.
inline constexpr bool has_kernels(kernel_family f) noexcept {
    return f == kernel_set::family || (f == kernel_family::avx512 && CTNET_DISPATCH_AVX512) ||
           (f == kernel_family::avx2_fma && CTNET_DISPATCH_AVX2);
}

inline const char* kernel_family_name(kernel_family f) noexcept {
    return f == kernel_family::avx512 ? "avx512" : f == kernel_family::avx2_fma ? "avx2_fma" : "portable";
}

inline bool cpu_runs(kernel_family f) noexcept {
    return f == kernel_family::portable || (f == kernel_family::avx2_fma && cpu().avx2_fma) ||
           (f == kernel_family::avx512 && cpu().avx512);
}

/// The families this program holds, as CTNET_KERNELS names them: "avx512 avx2_fma", say.
inline std::string held_kernels() {
    std::string s;
    for (const kernel_family f : {kernel_family::avx512, kernel_family::avx2_fma, kernel_family::portable})
        if (has_kernels(f)) s += (s.empty() ? "" : " ") + std::string(kernel_family_name(f));
    return s;
}

/// The family with_kernels runs: the one the environment variable CTNET_KERNELS names when it is
/// set (avx512, avx2_fma or portable; native, the compiler flags' own), else the best family both
/// this program and the CPU have. A name this program does not hold, or one the CPU cannot run, is
/// a std::runtime_error, never a quiet fallback.
inline kernel_family choose_kernels() {
    if (const char* want = std::getenv("CTNET_KERNELS"); want != nullptr && *want != '\0') {
        const std::string_view w = want;
        const std::string at = "ctnet: CTNET_KERNELS=" + std::string(w) + ": ";
        if (w == "native") return kernel_set::family;
        for (const kernel_family f : {kernel_family::avx512, kernel_family::avx2_fma, kernel_family::portable})
            if (w == kernel_family_name(f)) {
                if (!has_kernels(f))
                    throw std::runtime_error(at + "this program does not hold those kernels (it holds: " + held_kernels() +
                                             "; docs/inference.md, \"Which kernels run\")");
                if (!cpu_runs(f)) throw std::runtime_error(at + "this CPU cannot run them");
                return f;
            }
        throw std::runtime_error(at + "not one of avx512, avx2_fma, portable, native");
    }
    for (const kernel_family f : {kernel_family::avx512, kernel_family::avx2_fma})
        if (has_kernels(f) && cpu_runs(f)) return f;
    return kernel_set::family;
}

} // namespace detail

/// The kernel family this program runs (chosen once, at the first call).
inline kernel_family running_kernels() {
    static const kernel_family f = detail::choose_kernels();
    return f;
}

namespace detail {

/// Calls f(K{}) with K the kernel_set of running_kernels(): every instance is compiled, one runs.
template <class F>
decltype(auto) with_kernels(F&& f) {
#if CTNET_DISPATCH_AVX512
    if (running_kernels() == kernel_family::avx512) return f(isa_avx512::detail::kernel_set{});
#endif
#if CTNET_DISPATCH_AVX2
    if (running_kernels() == kernel_family::avx2_fma) return f(isa_avx2::detail::kernel_set{});
#endif
    return f(kernel_set{});
}

} // namespace detail

} // namespace ctnet
