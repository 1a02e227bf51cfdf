// Declares every model of the chapter as a type, checks it at compile time, and prints what Keras's
// model.summary() prints, then the plan ctnet made of it.
#include <ctnet/net.hpp>

#include <iostream>

namespace cn = ctnet;

// The batch-normalization model (Keras: 271,346 parameters, 268,978 trainable).
using bn_model = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::batch_norm<>,
    cn::dense<300, cn::relu>, cn::batch_norm<>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
    cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<bn_model> == 271'346);
static_assert(cn::trainable_param_count<bn_model> == 268'978);

// The dropout model (rate 0.2 before every dense layer; Keras: 89,610 parameters).
using dropout_model = cn::sequential<
    cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::dropout<0.2f>,
    cn::dense<100, cn::relu, cn::he_normal>, cn::dropout<0.2f>,
    cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<dropout_model> == 89'610);

// Leaky ReLU as a dense option, and as a separate layer: "it makes no difference".
using leaky_option = cn::sequential<cn::input<28, 28>, cn::flatten,
                                    cn::dense<50, cn::leaky_relu<0.2f>, cn::he_normal>, cn::dense<10, cn::softmax>>;
using leaky_layer = cn::sequential<cn::input<28, 28>, cn::flatten,
                                   cn::dense<50, cn::he_normal>, cn::leaky_relu<0.2f>, cn::dense<10, cn::softmax>>;
static_assert(cn::plan_of<leaky_option> == cn::plan_of<leaky_layer>);

// The l2-regularized layer of the chapter, in a small model.
using l2_model = cn::sequential<cn::input<28, 28>, cn::flatten,
                                cn::dense<100, cn::relu, cn::he_normal, cn::l2<0.01f>>, cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<l2_model> == 784 * 100 + 100 + 100 * 10 + 10);

int main() {
    std::cout << "== batch-normalization model\n" << cn::summary<bn_model>() << cn::describe_plan<bn_model>();
    std::cout << "\n== dropout model\n" << cn::summary<dropout_model>() << cn::describe_plan<dropout_model>();
    std::cout << "\n== leaky ReLU as a separate layer\n" << cn::summary<leaky_layer>() << cn::describe_plan<leaky_layer>();
    std::cout << "\n== l2-regularized layer\n" << cn::summary<l2_model>() << cn::describe_plan<l2_model>();
}
