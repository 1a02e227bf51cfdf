// first_out_of_range: finds the first NaN, or value of magnitude at least a bound, in a float array.
#pragma once

#include <cmath>
#include <cstddef>

#if defined(__AVX__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ctnet::kernels {

/// The index of the first element of x[0, n) that is NaN or whose magnitude is not below `bound`
/// (a positive float; infinity finds the non-finite values), or n if there is none: an element is
/// out when !(|x| < bound), which NaN compares as. Each block of 256 is tested eight floats at a time
/// with AVX where the flags have it, else four with SSE2, which every x86-64 build has (not-less-than
/// compares OR-ed together, one movemask a block); only a block that has one is searched element
/// by element. Written out because the check runs with the consumer's flags (it is not a kernel):
/// at plain -O2, g++ 12 vectorizes no formulation of it (a 32-bit maximum or compare with a
/// reduction), and the scalar loop cost the chapter's model 5,500 of a one-sample predictor call's
/// 64,000 instructions. A pass over Fashion-MNIST's 47 million training floats costs a few
/// milliseconds.
inline std::size_t first_out_of_range(const float* x, std::size_t n, float bound) noexcept {
    const auto out = [&](std::size_t i) { return !(std::fabs(x[i]) < bound); };
    constexpr std::size_t block = 256;
    for (std::size_t b = 0; b < n; b += block) {
        const std::size_t e = b + block < n ? b + block : n;
        std::size_t i = b;
        bool hit = false;
#if defined(__AVX__)
        const __m256 magnitude8 = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
        const __m256 limit8 = _mm256_set1_ps(bound);
        __m256 any8 = _mm256_setzero_ps();
        for (; i + 8 <= e; i += 8)
            any8 = _mm256_or_ps(any8, _mm256_cmp_ps(_mm256_and_ps(_mm256_loadu_ps(x + i), magnitude8), limit8, _CMP_NLT_UQ));
        hit = _mm256_movemask_ps(any8) != 0;
#endif
#if defined(__SSE2__)
        const __m128 magnitude = _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff));
        const __m128 limit = _mm_set1_ps(bound);
        __m128 any = _mm_setzero_ps();
        for (; i + 4 <= e; i += 4)
            any = _mm_or_ps(any, _mm_cmpnlt_ps(_mm_and_ps(_mm_loadu_ps(x + i), magnitude), limit));
        hit = hit || _mm_movemask_ps(any) != 0;
#endif
        for (; i < e; ++i) hit = hit || out(i);
        if (hit)
            for (std::size_t j = b; j < e; ++j)
                if (out(j)) return j;
    }
    return n;
}

} // namespace ctnet::kernels
