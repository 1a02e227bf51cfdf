// sequential: a network declared as the ordered list of its layers.
#pragma once

#include <ctnet/core/type_list.hpp>

namespace ctnet {

/// `sequential<input<28, 28>, flatten, dense<100, relu>, dense<10, softmax>>`, as Keras's
/// Sequential. A descriptor only: it is checked and planned where it is used (`param_count`,
/// `plan_of`, `summary`, a model). Derive from it to give the network a name that survives
/// into diagnostics: `struct mnist_mlp : ctnet::sequential<...> {};`.
template <class... Layers>
struct sequential {
    using layer_list = detail::type_list<Layers...>;
};

} // namespace ctnet
