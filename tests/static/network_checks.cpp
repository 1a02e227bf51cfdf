// Static checks on valid networks: counts, shapes, resolved defaults and plans.
#include <ctnet/ctnet.hpp>

namespace cn = ctnet;

using seed_bn = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                               cn::batch_norm<>, cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
                               cn::dense<10, cn::softmax>>;
static_assert(cn::is_valid_network_v<seed_bn>);
static_assert(cn::param_count<seed_bn> == 271'346);
static_assert(cn::trainable_param_count<seed_bn> == 268'978);
static_assert(cn::non_trainable_param_count<seed_bn> == 2'368);

// Four stages: the input batch_norm alone, then dense + relu + batch_norm twice, then dense + softmax.
static_assert(cn::plan_of<seed_bn>.stage_count == 4);
static_assert(cn::plan_of<seed_bn>.stages[0].kind == cn::stage_kind::batch_norm);
static_assert(cn::plan_of<seed_bn>.stages[1].bn == cn::bn_position::after_activation);
static_assert(cn::plan_of<seed_bn>.stages[1].inputs == 784 && cn::plan_of<seed_bn>.stages[1].units == 300);
static_assert(cn::plan_of<seed_bn>.stages[3].activation.id == cn::detail::activation_id::softmax);

// Defaults follow the activation: He normal for relu, Glorot uniform for softmax.
static_assert(cn::plan_of<seed_bn>.stages[1].initializer == cn::he_normal::initializer);
static_assert(cn::plan_of<seed_bn>.stages[3].initializer == cn::glorot_uniform::initializer);

// An activation as a dense option or as the layer after it: the same plan.
using option_form = cn::sequential<cn::input<100>, cn::dense<50, cn::leaky_relu<0.2f>>, cn::dense<10, cn::softmax>>;
using layer_form = cn::sequential<cn::input<100>, cn::dense<50>, cn::leaky_relu<0.2f>, cn::dense<10, cn::softmax>>;
static_assert(cn::plan_of<option_form> == cn::plan_of<layer_form>);
static_assert(cn::plan_of<layer_form>.stages[0].initializer == cn::he_normal::initializer);
// ... and a different slope is a different plan (the equality can fail).
using other_slope = cn::sequential<cn::input<100>, cn::dense<50>, cn::leaky_relu<0.3f>, cn::dense<10, cn::softmax>>;
static_assert(!(cn::plan_of<option_form> == cn::plan_of<other_slope>));

// Options in any order.
using order_a = cn::sequential<cn::input<8>, cn::dense<4, cn::relu, cn::he_uniform, cn::l2<0.01f>, cn::max_norm<1>>>;
using order_b = cn::sequential<cn::input<8>, cn::dense<4, cn::max_norm<1>, cn::l2<0.01f>, cn::he_uniform, cn::relu>>;
static_assert(cn::plan_of<order_a> == cn::plan_of<order_b>);

// A linear dense right before batch_norm drops its (redundant) bias; Keras would count it.
using bn_before_act = cn::sequential<cn::input<784>, cn::dense<300>, cn::batch_norm<>, cn::relu>;
static_assert(cn::param_count<bn_before_act> == 784 * 300 + 4 * 300);
static_assert(cn::plan_of<bn_before_act>.stages[0].bias == cn::no_offset);
static_assert(cn::plan_of<bn_before_act>.stages[0].bn == cn::bn_position::before_activation);

// The chapter's dropout model: 784-100-100-10 with dropout 0.2, Keras counts 89,610.
using dropout_model = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dropout<0.2f>, cn::dense<100, cn::relu>,
                                     cn::dropout<0.2f>, cn::dense<100, cn::relu>, cn::dropout<0.2f>,
                                     cn::dense<10, cn::softmax>>;
static_assert(cn::param_count<dropout_model> == 89'610);
static_assert(cn::plan_of<dropout_model>.stages[1].dropout_fused);

// PReLU's slopes are parameters, one per unit.
using prelu_net = cn::sequential<cn::input<10>, cn::dense<5, cn::prelu>, cn::dense<2, cn::softmax>>;
static_assert(cn::param_count<prelu_net> == 10 * 5 + 5 + 5 + 5 * 2 + 2);

// A self-normalizing SELU network is valid.
using selu_net = cn::sequential<cn::input<20>, cn::dense<10, cn::selu>, cn::alpha_dropout<0.1f>,
                                cn::dense<10, cn::selu, cn::lecun_normal>, cn::dense<3, cn::softmax>>;
static_assert(cn::is_valid_network_v<selu_net>);
static_assert(cn::plan_of<selu_net>.stages[0].initializer == cn::lecun_normal::initializer);

// real: 0.2f, 0.2 and 1 are accepted; -0 and +0 are one value.
static_assert(cn::real(0.2).value == 0.2f && cn::real(1).value == 1.0f);
static_assert(std::is_same_v<cn::leaky_relu<-0.0f>, cn::leaky_relu<0.0f>>);

int main() {}
