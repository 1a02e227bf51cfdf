// activation_kernel: maps a constexpr activation record to the kernel functor that computes it.
#ifndef CTNET_BODY_EXEC_ACTIVATION_KERNEL_HPP  // a body header: once per kernel pass (exec/kernel_sets.hpp)
#define CTNET_BODY_EXEC_ACTIVATION_KERNEL_HPP

#include <ctnet/kernels/detail/isa_macros.hpp>

#include <cstddef>

#include <ctnet/core/dependent_false.hpp>
#include <ctnet/core/records.hpp>
#include <ctnet/kernels/elu.hpp>
#include <ctnet/kernels/gelu.hpp>
#include <ctnet/kernels/leaky_relu.hpp>
#include <ctnet/kernels/linear.hpp>
#include <ctnet/kernels/mish.hpp>
#include <ctnet/kernels/relu.hpp>
#include <ctnet/kernels/rrelu.hpp>
#include <ctnet/kernels/selu.hpp>
#include <ctnet/kernels/sigmoid.hpp>
#include <ctnet/kernels/softmax.hpp>
#include <ctnet/kernels/swish.hpp>
#include <ctnet/kernels/tanh_act.hpp>

namespace ctnet { CTNET_ISA_BEGIN namespace detail {

/// prelu's kernel holds a pointer to its slopes and rrelu's training kernel the pass's seed and
/// step, so the executor makes those at run time (executor::activation_of); for rrelu this gives
/// the inference kernel (slope (lower + upper) / 2).
template <activation_record A, std::size_t Width>
constexpr auto activation_kernel() {
    if constexpr (A.id == activation_id::linear) return kernels::linear{};
    else if constexpr (A.id == activation_id::sigmoid) return kernels::sigmoid{};
    else if constexpr (A.id == activation_id::tanh) return kernels::tanh_act{};
    else if constexpr (A.id == activation_id::softmax) return kernels::softmax{Width};
    else if constexpr (A.id == activation_id::relu) return kernels::relu{};
    else if constexpr (A.id == activation_id::leaky_relu) return kernels::leaky_relu{A.alpha};
    else if constexpr (A.id == activation_id::elu) return kernels::elu{A.alpha};
    else if constexpr (A.id == activation_id::selu) return kernels::selu{};
    else if constexpr (A.id == activation_id::gelu) return kernels::gelu{};
    else if constexpr (A.id == activation_id::swish) return kernels::swish{};
    else if constexpr (A.id == activation_id::mish) return kernels::mish{};
    else if constexpr (A.id == activation_id::rrelu) return kernels::rrelu{A.lower, A.upper};
    else {
        static_assert(dependent_false_v<A>, "ctnet: this activation's kernel is made by the executor (prelu)");
        return kernels::linear{};
    }
}

} CTNET_ISA_END } // namespace ctnet::detail

#endif // CTNET_BODY_EXEC_ACTIVATION_KERNEL_HPP
