// kernel_pass: one more pass over the body headers, for the instruction set exec/kernel_sets.hpp
// chose (it sets CTNET_ISA_BEGIN/END to the pass's namespace, the CTNET_HAS_* macros, and the
// compiler's target region around this include). No include guard: it is included once per pass.
//
// The body's code names the neutral parts of ctnet (the plan, the thread pool, the workspace) as it
// does in ctnet::detail and ctnet::kernels; the using-declarations below make the same names find
// the same entities from the pass's namespaces. They are declarations, not using-directives, so a
// body name this pass forgot to define is a compile error, never a silent call to other kernels.

#include <ctnet/exec/body_guards.hpp>

namespace ctnet { CTNET_ISA_BEGIN
namespace detail {
using ::ctnet::detail::activation_id;
using ::ctnet::detail::activation_record;
using ::ctnet::detail::arena;
using ::ctnet::detail::dependent_false_v;
using ::ctnet::detail::facts_of;
using ::ctnet::detail::gradient_range;
using ::ctnet::detail::ignore_gradient;
using ::ctnet::detail::layer_kind;
using ::ctnet::detail::network_facts;
using ::ctnet::detail::parameter_tensors;
using ::ctnet::detail::pass;
using ::ctnet::detail::split_rows;
using ::ctnet::detail::tensor_span;
using ::ctnet::detail::workspace;
} // namespace detail
namespace kernels {
using ::ctnet::kernels::loss_sums;
using ::ctnet::kernels::thread_pool;
} // namespace kernels
CTNET_ISA_END }

#include <ctnet/exec/kernel_set.hpp>
