// isa_macros: which instruction sets the kernel headers compile their vector paths for.
//
// The kernel headers test these macros, never the compiler's own (__AVX512F__, __AVX2__, ...):
// today each is the compiler's target flag, so a build gets the kernels of its -march. They are the
// one place a run-time choice of kernels would set differently: GCC's `#pragma GCC target` and
// clang's `#pragma clang attribute push(__attribute__((target(...))))` compile a region of code for
// another instruction set but, in C++, define none of the compiler's macros (both checked with
// g++ 12 and clang 14: docs/inference.md, "Which kernels run").
#pragma once

#ifndef CTNET_HAS_AVX512  // AVX-512 F (the kernels' 16-float vectors, 32 registers)
#if defined(__AVX512F__)
#define CTNET_HAS_AVX512 1
#else
#define CTNET_HAS_AVX512 0
#endif
#endif

#ifndef CTNET_HAS_AVX2_FMA  // AVX2 with FMA (8-float vectors, 16 registers)
#if defined(__AVX2__) && defined(__FMA__)
#define CTNET_HAS_AVX2_FMA 1
#else
#define CTNET_HAS_AVX2_FMA 0
#endif
#endif

#ifndef CTNET_HAS_AVX2  // AVX2, with or without FMA (training_math_pack's integer lanes)
#if defined(__AVX2__)
#define CTNET_HAS_AVX2 1
#else
#define CTNET_HAS_AVX2 0
#endif
#endif

#ifndef CTNET_HAS_SSE2
#if defined(__SSE2__)
#define CTNET_HAS_SSE2 1
#else
#define CTNET_HAS_SSE2 0
#endif
#endif

#ifndef CTNET_HAS_AVX512BF16  // bfloat16 dot products (vdpbf16ps)
#if defined(__AVX512BF16__)
#define CTNET_HAS_AVX512BF16 1
#else
#define CTNET_HAS_AVX512BF16 0
#endif
#endif

// The namespace a body header's code goes in (exec/kernel_sets.hpp): nothing extra for the kernels of
// the compiler's own flags; ctnet::isa_avx2 or ctnet::isa_avx512 in a pass compiled for another ISA.
#ifndef CTNET_ISA_BEGIN
#define CTNET_ISA_BEGIN
#define CTNET_ISA_END
#endif
