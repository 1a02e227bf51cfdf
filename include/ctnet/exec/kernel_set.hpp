// kernel_set: everything that runs the numbers of a pass, under one name per instruction set.
//
// A body header (exec/kernel_sets.hpp): the compiler's own flags build ctnet::detail::kernel_set;
// a dispatched pass builds ctnet::isa_avx2::detail::kernel_set or ctnet::isa_avx512::detail::kernel_set
// from the same source. The trainer, model.evaluate, the predictor and mc_predict take their
// kernels from one of these (detail::with_kernels).
#ifndef CTNET_BODY_EXEC_KERNEL_SET_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_EXEC_KERNEL_SET_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <ctnet/kernels/cpu.hpp>
#include <ctnet/exec/executor.hpp>
#include <ctnet/kernels/regularizer_math.hpp>
#include <ctnet/train/detail/loss_binding.hpp>
#include <ctnet/train/detail/optimizers.hpp>
#include <ctnet/train/detail/update_step.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

struct kernel_set {
    /// The kernels this pass was compiled for.
    static constexpr kernel_family family =
#if CTNET_HAS_AVX512
        kernel_family::avx512;
#elif CTNET_HAS_AVX2_FMA
        kernel_family::avx2_fma;
#else
        kernel_family::portable;
#endif

    template <class Net>
    using executor = detail::executor<Net>;
    template <class Loss, class Model>
    using loss_binding = detail::loss_binding<Loss, Model>;
    template <class Optimizer>
    using update_step = detail::update_step<Optimizer>;
    using regularizer_math = kernels::regularizer_math;
};

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_EXEC_KERNEL_SET_HPP
