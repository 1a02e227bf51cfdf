// activation_kernel: maps a constexpr activation record to the kernel functor that computes it.
#pragma once

#include <cstddef>

#include <ctnet/core/dependent_false.hpp>
#include <ctnet/core/records.hpp>
#include <ctnet/kernels/elu.hpp>
#include <ctnet/kernels/gelu.hpp>
#include <ctnet/kernels/leaky_relu.hpp>
#include <ctnet/kernels/linear.hpp>
#include <ctnet/kernels/mish.hpp>
#include <ctnet/kernels/relu.hpp>
#include <ctnet/kernels/selu.hpp>
#include <ctnet/kernels/sigmoid.hpp>
#include <ctnet/kernels/softmax.hpp>
#include <ctnet/kernels/swish.hpp>
#include <ctnet/kernels/tanh_act.hpp>

namespace ctnet::detail {

/// rrelu (random slopes in training) is declared and checked, not run yet. prelu runs, but its
/// kernel holds a pointer to its slopes, so the executor makes it (executor::activation_of).
constexpr bool runnable(activation_id a) { return a != activation_id::rrelu; }

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
    else {
        static_assert(dependent_false_v<A>, "ctnet: rrelu is declared and checked, but training and running it is "
                                            "not implemented yet");
        return kernels::linear{};
    }
}

} // namespace ctnet::detail
