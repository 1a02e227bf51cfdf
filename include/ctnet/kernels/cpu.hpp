// cpu: the kernel families, and what the CPU the program runs on supports (read once).
#pragma once

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace ctnet {

/// ctnet's kernel families: 16-float AVX-512 vectors, 8-float AVX2+FMA vectors, or portable C++.
enum class kernel_family { avx512, avx2_fma, portable };

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

} // namespace ctnet
