// build_info: which kernels this program holds and runs, and what the CPU it runs on supports.
#pragma once

#include <ctnet/exec/kernel_sets.hpp>
#include <ctnet/kernels/cpu.hpp>
#include <ctnet/kernels/detail/isa_macros.hpp>

#include <string>

namespace ctnet {

/// The kernel family of the compiler's own target flags (-march=native picks the machine's; plain
/// -O2 on x86-64 the portable one). With run-time dispatch (exec/kernel_sets.hpp) the program also
/// holds the richer families; running_kernels() says which one runs.
inline constexpr kernel_family compiled_kernels = detail::kernel_set::family;

namespace detail {
inline const char* kernel_family_label(kernel_family f) noexcept {
    return f == kernel_family::avx512 ? "AVX-512" : f == kernel_family::avx2_fma ? "AVX2+FMA" : "portable";
}
} // namespace detail

/// One line: the kernels that run, those the program holds (its compiler flags' own, and the ones
/// added for run-time choice), and what this CPU has; when the CPU could run faster kernels than the
/// program holds, the flag that gets them.
inline std::string build_info() {
    using detail::kernel_family_label;
    const cpu_features& f = cpu();
    std::string s = std::string("ctnet kernels: ") + kernel_family_label(running_kernels());
    if (running_kernels() == kernel_family::avx512 && CTNET_HAS_AVX512BF16) s += " with AVX512_BF16";
    s += " running (built: ";
    s += kernel_family_label(compiled_kernels);
    if (CTNET_HAS_AVX512BF16) s += " with AVX512_BF16";
    s += " for the compiler's flags";
    if (detail::has_kernels(kernel_family::avx2_fma) && compiled_kernels != kernel_family::avx2_fma) s += ", AVX2+FMA";
    if (detail::has_kernels(kernel_family::avx512) && compiled_kernels != kernel_family::avx512) s += ", AVX-512";
    if (CTNET_DISPATCH_AVX2 || CTNET_DISPATCH_AVX512) s += " chosen at run time";
    s += "); this CPU: ";
    s += f.avx512 ? (f.avx512_bf16 ? "AVX-512 with AVX512_BF16" : "AVX-512") : f.avx2_fma ? "AVX2+FMA" : "neither AVX2+FMA nor AVX-512";
    const bool faster = (f.avx512 && !detail::has_kernels(kernel_family::avx512)) ||
                        (f.avx2_fma && !detail::has_kernels(kernel_family::avx2_fma) && !detail::has_kernels(kernel_family::avx512));
    if (faster) s += " (compile with -march=native for its kernels: docs/inference.md, \"Which kernels run\")";
    return s;
}

} // namespace ctnet
