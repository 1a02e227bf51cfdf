// build_info: which kernels this program was compiled with, and what the CPU it runs on could run.
#pragma once

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace ctnet {

/// The kernel family a translation unit is compiled with (decided by the compiler's target flags:
/// -march=native picks the machine's own; plain -O2 on x86-64 picks the portable one).
enum class kernel_family { avx512, avx2_fma, portable };

inline constexpr kernel_family compiled_kernels =
#if CTNET_HAS_AVX512
    kernel_family::avx512;
#elif CTNET_HAS_AVX2_FMA
    kernel_family::avx2_fma;
#else
    kernel_family::portable;
#endif

/// What the CPU running the program supports (cpuid, with the operating system's consent to the
/// vector registers' state, xgetbv), read once.
struct cpu_features {
    bool avx2_fma = false;
    bool avx512 = false;       // AVX-512 F, BW, DQ and VL
    bool avx512_bf16 = false;  // bfloat16 dot products (vdpbf16ps)
};

inline const cpu_features& cpu() {
    static const cpu_features f = [] {
        cpu_features r;
#if defined(__x86_64__) || defined(__i386__)
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (!__get_cpuid(1, &a, &b, &c, &d)) return r;
        const bool fma = (c >> 12) & 1u, osxsave = (c >> 27) & 1u, avx = (c >> 28) & 1u;
        if (!osxsave || !avx) return r;
        unsigned lo = 0, hi = 0;
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        const bool ymm_state = (lo & 0x6u) == 0x6u, zmm_state = (lo & 0xe6u) == 0xe6u;
        if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return r;
        r.avx2_fma = ymm_state && fma && ((b >> 5) & 1u);
        r.avx512 = zmm_state && ((b >> 16) & 1u) && ((b >> 17) & 1u) && ((b >> 30) & 1u) && ((b >> 31) & 1u);
        if (r.avx512 && __get_cpuid_count(7, 1, &a, &b, &c, &d)) r.avx512_bf16 = (a >> 5) & 1u;
#endif
        return r;
    }();
    return f;
}

/// One line: the kernels compiled in, what this CPU has, and, when the CPU could run faster kernels
/// than the build has, the flag that gets them (ctnet chooses its kernels at compile time).
inline std::string build_info() {
    const char* compiled = compiled_kernels == kernel_family::avx512     ? "AVX-512"
                           : compiled_kernels == kernel_family::avx2_fma ? "AVX2+FMA"
                                                                         : "portable";
    const cpu_features& f = cpu();
    std::string s = std::string("ctnet kernels: ") + compiled;
#if CTNET_HAS_AVX512BF16
    s += " with AVX512_BF16";
#endif
    s += "; this CPU: ";
    s += f.avx512 ? (f.avx512_bf16 ? "AVX-512 with AVX512_BF16" : "AVX-512") : f.avx2_fma ? "AVX2+FMA" : "neither AVX2+FMA nor AVX-512";
    const bool faster = (f.avx512 && compiled_kernels != kernel_family::avx512) ||
                        (f.avx2_fma && compiled_kernels == kernel_family::portable);
    if (faster) s += " (compile with -march=native for its kernels: docs/inference.md, \"Which kernels run\")";
    return s;
}

} // namespace ctnet
