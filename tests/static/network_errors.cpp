// Static checks on invalid networks: every errc as a query, its valid twin, and which mistake wins.
//
// verdict_of computes the analysis without instantiating a diagnostic, so each bad network below
// compiles; the compile-fail tests (tests/compile_fail/) pin the error the same network gives when
// it is used. Each verdict is compared whole: code, layer, the second index (`other`: the option's
// position, the layer holding the activation, the previous layer) and the shape (`got`).
#include <ctnet/net.hpp>

#include <cstddef>

namespace cn = ctnet;

namespace {

using cn::errc;
using cn::verdict;

// The chapter's Fashion-MNIST MLP; most bad networks below differ from it in one place.
using mlp = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>,
                           cn::dense<10, cn::softmax>>;
static_assert(cn::is_valid_network_v<mlp>);
static_assert(cn::verdict_of<mlp> == verdict{});

// A dense layer at index 2 of the MLP with the given options.
template <class... Options>
using mlp_with = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, Options...>, cn::dense<100, cn::relu>,
                                cn::dense<10, cn::softmax>>;

// ------------------------------------------------------------------------------------ network

// errc::empty_network
using empty = cn::sequential<>;
static_assert(cn::verdict_of<empty> == verdict{errc::empty_network, 0});
static_assert(!cn::is_valid_network_v<empty>);
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>>>);  // the smallest valid network

// errc::not_a_layer: a dense option listed as a layer.
using option_as_layer = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::l2<0.01f>,
                                       cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<option_as_layer> == verdict{errc::not_a_layer, 3});
static_assert(!cn::is_valid_network_v<option_as_layer>);
static_assert(cn::verdict_of<cn::sequential<cn::input<4>, int>> == verdict{errc::not_a_layer, 1});
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<28, 28>, cn::flatten,
                                                    cn::dense<300, cn::relu, cn::l2<0.01f>>, cn::dense<10, cn::softmax>>>);

// errc::missing_input
using no_input = cn::sequential<cn::flatten, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<no_input> == verdict{errc::missing_input, 0});
static_assert(!cn::is_valid_network_v<no_input>);

// errc::misplaced_input
using two_inputs = cn::sequential<cn::input<28, 28>, cn::flatten, cn::input<784>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<two_inputs> == verdict{errc::misplaced_input, 2});
static_assert(!cn::is_valid_network_v<two_inputs>);
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<10, cn::softmax>>>);

// errc::bad_input_shape: 1 to 4 extents, each at least 1.
template <class In>
using mlp_on = cn::sequential<In, cn::flatten, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<mlp_on<cn::input<28, 0>>> == verdict{errc::bad_input_shape, 0});
static_assert(cn::verdict_of<mlp_on<cn::input<>>> == verdict{errc::bad_input_shape, 0});
static_assert(cn::verdict_of<mlp_on<cn::input<1, 1, 1, 28, 28>>> == verdict{errc::bad_input_shape, 0});
static_assert(!cn::is_valid_network_v<mlp_on<cn::input<28, 0>>>);
static_assert(cn::is_valid_network_v<mlp_on<cn::input<1, 1, 28, 28>>>);
static_assert(cn::is_valid_network_v<mlp_on<cn::input<1>>>);
// The bad extents are the mistake, not the dense on a shape they leave unflattened.
static_assert(cn::verdict_of<cn::sequential<cn::input<28, 0>, cn::dense<10, cn::softmax>>> ==
              verdict{errc::bad_input_shape, 0});

// errc::double_activation: `other` is the layer that already applies an activation.
using double_act = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::leaky_relu<0.2f>, cn::he_normal>,
                                  cn::leaky_relu<0.2f>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<double_act> == verdict{errc::double_activation, 3, 2});
static_assert(!cn::is_valid_network_v<double_act>);
using single_act = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<50, cn::he_normal>, cn::leaky_relu<0.2f>,
                                  cn::dense<10, cn::softmax>>;
static_assert(cn::is_valid_network_v<single_act>);
// A linear dense option is no activation, so a following activation layer is not a double one.
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<50, cn::linear, cn::he_normal>, cn::relu,
                                                    cn::dense<10, cn::softmax>>>);
// Two activation layers in a row are a double activation too.
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<50>, cn::relu, cn::relu>> ==
              verdict{errc::double_activation, 3, 2});

// errc::softmax_not_last, as a dense option and as a layer.
using hidden_softmax = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>,
                                      cn::dense<100, cn::softmax>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<hidden_softmax> == verdict{errc::softmax_not_last, 3});
static_assert(!cn::is_valid_network_v<hidden_softmax>);
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<10>, cn::softmax, cn::dropout<0.2f>>> ==
              verdict{errc::softmax_not_last, 2});
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<10>, cn::softmax>>);

// ------------------------------------------------------------------------------------ shapes

// errc::needs_flat_input: `got` is the shape the layer received.
using dense_on_image = cn::sequential<cn::input<28, 28>, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<dense_on_image> == verdict{errc::needs_flat_input, 1, 0, cn::shape{2, {28, 28}}});
static_assert(!cn::is_valid_network_v<dense_on_image>);
using bn_on_image = cn::sequential<cn::input<1, 28, 28>, cn::batch_norm<>, cn::flatten, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<bn_on_image> == verdict{errc::needs_flat_input, 1, 0, cn::shape{3, {1, 28, 28}}});
static_assert(!cn::is_valid_network_v<bn_on_image>);
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<1, 28, 28>, cn::flatten, cn::batch_norm<>,
                                                    cn::dense<10, cn::softmax>>>);
// A rank-1 input needs no flatten.
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<300, cn::relu>, cn::dense<10, cn::softmax>>>);

// ------------------------------------------------------------------------------------ options
// `other` is the 0-based position, among the layer's options, of the one that repeats a kind.

// errc::duplicate_activation
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::he_normal, cn::elu<>>> ==
              verdict{errc::duplicate_activation, 2, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::he_normal, cn::elu<>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::elu<>, cn::he_normal>>);

// errc::duplicate_initializer
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::he_normal, cn::l2<0.01f>, cn::he_uniform>> ==
              verdict{errc::duplicate_initializer, 2, 3});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::he_normal, cn::l2<0.01f>, cn::he_uniform>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::he_normal, cn::l2<0.01f>>>);

// errc::duplicate_regularizer
static_assert(cn::verdict_of<mlp_with<cn::l1<0.01f>, cn::relu, cn::l2<0.01f>>> ==
              verdict{errc::duplicate_regularizer, 2, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::l1<0.01f>, cn::relu, cn::l2<0.01f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::l1_l2<0.01f, 0.01f>, cn::relu>>);
// A zero penalty is still a regularizer given: l1_l2<> (Keras 3's defaults, 0 and 0) then l2.
static_assert(cn::verdict_of<mlp_with<cn::l1_l2<>, cn::relu, cn::l2<0.01f>>> == verdict{errc::duplicate_regularizer, 2, 2});

// errc::duplicate_constraint
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::max_norm<1>, cn::max_norm<2>>> ==
              verdict{errc::duplicate_constraint, 2, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::max_norm<1>, cn::max_norm<2>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::max_norm<1>>>);

// errc::duplicate_no_bias
static_assert(cn::verdict_of<mlp_with<cn::no_bias, cn::relu, cn::no_bias>> == verdict{errc::duplicate_no_bias, 2, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::no_bias, cn::relu, cn::no_bias>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::no_bias, cn::relu>>);

// errc::unknown_option: a layer, or any other type, among the options.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::dropout<0.2f>>> == verdict{errc::unknown_option, 2, 1});
static_assert(cn::verdict_of<mlp_with<int, cn::relu>> == verdict{errc::unknown_option, 2, 0});
// unchecked<> around a non-initializer is not an initializer either.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::unchecked<int>>> == verdict{errc::unknown_option, 2, 1});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::dropout<0.2f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu>>);

// ------------------------------------------------------------------------------------ hyperparameters

// errc::zero_units
using zero_wide = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dense<0, cn::relu>,
                                 cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<zero_wide> == verdict{errc::zero_units, 3});
static_assert(!cn::is_valid_network_v<zero_wide>);
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<1, cn::sigmoid>>>);

// errc::bad_dropout_rate: [0, 1), for dropout and alpha_dropout; 0 is allowed (a no-op).
template <class Drop>
using with_dropout = cn::sequential<cn::input<28, 28>, cn::flatten, Drop, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<with_dropout<cn::dropout<20>>> == verdict{errc::bad_dropout_rate, 2});
static_assert(cn::verdict_of<with_dropout<cn::dropout<1>>> == verdict{errc::bad_dropout_rate, 2});
static_assert(cn::verdict_of<with_dropout<cn::dropout<-0.1f>>> == verdict{errc::bad_dropout_rate, 2});
static_assert(!cn::is_valid_network_v<with_dropout<cn::dropout<20>>>);
static_assert(cn::is_valid_network_v<with_dropout<cn::dropout<0.2f>>>);
static_assert(cn::is_valid_network_v<with_dropout<cn::dropout<0>>>);
static_assert(cn::is_valid_network_v<with_dropout<cn::dropout<0.999f>>>);
using selu_alpha_one = cn::sequential<cn::input<784>, cn::dense<100, cn::selu>, cn::alpha_dropout<1>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_alpha_one> == verdict{errc::bad_dropout_rate, 2});
static_assert(cn::is_valid_network_v<
              cn::sequential<cn::input<784>, cn::dense<100, cn::selu>, cn::alpha_dropout<0.1f>, cn::dense<10, cn::softmax>>>);

// errc::bad_momentum: [0, 1], both ends allowed.
template <class Bn>
using with_bn = cn::sequential<cn::input<28, 28>, cn::flatten, Bn, cn::dense<100, cn::relu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<with_bn<cn::batch_norm<99>>> == verdict{errc::bad_momentum, 2});
static_assert(cn::verdict_of<with_bn<cn::batch_norm<-0.01f>>> == verdict{errc::bad_momentum, 2});
static_assert(!cn::is_valid_network_v<with_bn<cn::batch_norm<99>>>);
static_assert(cn::is_valid_network_v<with_bn<cn::batch_norm<0.99f>>>);
static_assert(cn::is_valid_network_v<with_bn<cn::batch_norm<0>>>);
static_assert(cn::is_valid_network_v<with_bn<cn::batch_norm<1>>>);

// errc::bad_epsilon: strictly positive.
static_assert(cn::verdict_of<with_bn<cn::batch_norm<0.99f, 0>>> == verdict{errc::bad_epsilon, 2});
static_assert(cn::verdict_of<with_bn<cn::batch_norm<0.99f, -1e-3f>>> == verdict{errc::bad_epsilon, 2});
static_assert(!cn::is_valid_network_v<with_bn<cn::batch_norm<0.99f, 0>>>);
static_assert(cn::is_valid_network_v<with_bn<cn::batch_norm<0.99f, 1e-5f>>>);

// errc::negative_slope: as a dense option and as a layer; 0 (plain relu) is allowed.
using negative_layer = cn::sequential<cn::input<784>, cn::dense<50, cn::he_normal>, cn::leaky_relu<-0.2f>,
                                      cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<negative_layer> == verdict{errc::negative_slope, 2});
static_assert(cn::verdict_of<mlp_with<cn::leaky_relu<-0.2f>>> == verdict{errc::negative_slope, 2});
static_assert(!cn::is_valid_network_v<negative_layer>);
static_assert(cn::is_valid_network_v<mlp_with<cn::leaky_relu<0.2f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::leaky_relu<0>>>);

// errc::bad_rrelu_bounds: 0 <= Lower <= Upper (equal bounds are a fixed slope).
static_assert(cn::verdict_of<mlp_with<cn::rrelu<0.3f, 0.1f>>> == verdict{errc::bad_rrelu_bounds, 2});
static_assert(cn::verdict_of<mlp_with<cn::rrelu<-0.1f, 0.3f>>> == verdict{errc::bad_rrelu_bounds, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::rrelu<0.3f, 0.1f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::rrelu<0.1f, 0.3f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::rrelu<0.2f, 0.2f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::rrelu<>>>);

// errc::bad_elu_alpha: Alpha > 0, as a dense option and as a layer (Keras allows any Alpha; the kernel's
// backward does not). 0 is refused too: it is relu, and saying so beats a silent special case.
using negative_elu_layer = cn::sequential<cn::input<784>, cn::dense<50, cn::he_normal>, cn::elu<-1>,
                                          cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<negative_elu_layer> == verdict{errc::bad_elu_alpha, 2});
static_assert(cn::verdict_of<mlp_with<cn::elu<-1>>> == verdict{errc::bad_elu_alpha, 2});
static_assert(cn::verdict_of<mlp_with<cn::elu<0>>> == verdict{errc::bad_elu_alpha, 2});
static_assert(cn::verdict_of<mlp_with<cn::elu<-0.0f>>> == verdict{errc::bad_elu_alpha, 2});
static_assert(!cn::is_valid_network_v<negative_elu_layer>);
static_assert(cn::is_valid_network_v<mlp_with<cn::elu<>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::elu<0.5f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::elu<1e-30f>>>);

// errc::negative_regularization: either factor of l1, l2, l1_l2.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::l2<-0.01f>>> == verdict{errc::negative_regularization, 2});
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::l1<-0.01f>>> == verdict{errc::negative_regularization, 2});
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::l1_l2<0.01f, -0.01f>>> == verdict{errc::negative_regularization, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::l2<-0.01f>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::l2<0.01f>>>);

// errc::bad_max_norm
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::max_norm<-1>>> == verdict{errc::bad_max_norm, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::max_norm<-1>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::max_norm<1>>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::max_norm<>>>);
// max_norm<0> would clip every weight to 0: it is an error, not "no constraint".
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::max_norm<0>>> == verdict{errc::bad_max_norm, 2});

// ------------------------------------------------------------------------------------ initializers

// errc::initializer_mismatch: `other` is the layer whose activation the weights feed.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::glorot_uniform>> == verdict{errc::initializer_mismatch, 2, 2});
static_assert(!cn::is_valid_network_v<mlp_with<cn::relu, cn::glorot_uniform>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::he_normal>>);
static_assert(cn::is_valid_network_v<mlp_with<cn::relu, cn::unchecked<cn::glorot_uniform>>>);  // the escape hatch
static_assert(cn::verdict_of<mlp_with<cn::sigmoid, cn::he_normal>> == verdict{errc::initializer_mismatch, 2, 2});
static_assert(cn::is_valid_network_v<mlp_with<cn::sigmoid, cn::glorot_normal>>);
// The activation as the next layer, and after a batch_norm (BN before the activation).
using glorot_then_leaky = cn::sequential<cn::input<784>, cn::dense<50, cn::glorot_uniform>, cn::leaky_relu<0.2f>,
                                         cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<glorot_then_leaky> == verdict{errc::initializer_mismatch, 1, 2});
using glorot_bn_relu = cn::sequential<cn::input<784>, cn::dense<300, cn::glorot_uniform>, cn::batch_norm<>, cn::relu,
                                      cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<glorot_bn_relu> == verdict{errc::initializer_mismatch, 1, 3});
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<300, cn::he_normal>, cn::batch_norm<>,
                                                    cn::relu, cn::dense<10, cn::softmax>>>);
// A linear dense wants Glorot: He normal on the softmax output layer is a mismatch.
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<10, cn::softmax, cn::he_normal>>> ==
              verdict{errc::initializer_mismatch, 1, 1});

// ------------------------------------------------------------------------------------ selu

using selu_mlp = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dense<100, cn::selu>,
                                cn::dense<10, cn::softmax>>;
static_assert(cn::is_valid_network_v<selu_mlp>);

// errc::selu_with_batch_norm
using selu_bn = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::batch_norm<>,
                               cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_bn> == verdict{errc::selu_with_batch_norm, 3});
static_assert(!cn::is_valid_network_v<selu_bn>);
// batch_norm is fine without SELU.
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::elu<>>,
                                                    cn::batch_norm<>, cn::dense<10, cn::softmax>>>);

// errc::selu_with_dropout
using selu_dropout = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dropout<0.1f>,
                                    cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_dropout> == verdict{errc::selu_with_dropout, 3});
static_assert(!cn::is_valid_network_v<selu_dropout>);
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>,
                                                    cn::alpha_dropout<0.1f>, cn::dense<100, cn::selu>,
                                                    cn::dense<10, cn::softmax>>>);

// errc::selu_needs_lecun_normal: LeCun uniform has the right family (no initializer_mismatch) but
// not the distribution self-normalization assumes; unchecked<He> skips the pairing check only.
using selu_uniform = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu, cn::lecun_uniform>,
                                    cn::dense<100, cn::selu>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_uniform> == verdict{errc::selu_needs_lecun_normal, 2});
static_assert(!cn::is_valid_network_v<selu_uniform>);
using selu_he = cn::sequential<cn::input<784>, cn::dense<100, cn::selu>, cn::dense<100, cn::selu, cn::unchecked<cn::he_normal>>,
                               cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_he> == verdict{errc::selu_needs_lecun_normal, 2});
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<28, 28>, cn::flatten,
                                                    cn::dense<100, cn::selu, cn::lecun_normal>, cn::dense<100, cn::selu>,
                                                    cn::dense<10, cn::softmax>>>);

// errc::selu_mixed_activations: every dense but the last must use selu (as option or layer).
using selu_relu = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<100, cn::selu>, cn::dense<100, cn::relu>,
                                 cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<selu_relu> == verdict{errc::selu_mixed_activations, 3});
static_assert(!cn::is_valid_network_v<selu_relu>);
// SELU as a separate layer counts.
static_assert(cn::is_valid_network_v<cn::sequential<cn::input<784>, cn::dense<100>, cn::selu, cn::dense<10, cn::softmax>>>);
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<100, cn::relu>, cn::dense<100>, cn::selu,
                                            cn::dense<10, cn::softmax>>> == verdict{errc::selu_mixed_activations, 1});

// ------------------------------------------------------------------------------------ first mistake wins

// Two mistakes on different layers: the earlier one is reported.
using two_bad_layers = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<0, cn::relu>, cn::dropout<20>,
                                      cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<two_bad_layers> == verdict{errc::zero_units, 2});
// ... and fixing it reveals the next.
static_assert(cn::verdict_of<cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu>, cn::dropout<20>,
                                            cn::dense<10, cn::softmax>>> == verdict{errc::bad_dropout_rate, 3});

// Two mistakes on one layer: the options are read before the hyperparameters, and those before the shape.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::relu, cn::l2<-1>>> == verdict{errc::duplicate_activation, 2, 1});
static_assert(cn::verdict_of<cn::sequential<cn::input<28, 28>, cn::dense<0>>> == verdict{errc::zero_units, 1});
// Of two repeated kinds, the first repetition is reported.
static_assert(cn::verdict_of<mlp_with<cn::relu, cn::he_normal, cn::he_uniform, cn::relu>> ==
              verdict{errc::duplicate_initializer, 2, 2});

// No input: missing_input, not the needs_flat_input that the missing shape would also cause.
static_assert(cn::verdict_of<cn::sequential<cn::dense<10, cn::softmax>>> == verdict{errc::missing_input, 0});
// A non-layer first: not_a_layer, not missing_input.
static_assert(cn::verdict_of<cn::sequential<int, cn::dense<10, cn::softmax>>> == verdict{errc::not_a_layer, 0});

// The passes run in order: each layer on its own (options, hyperparameters, shapes), then how
// layers combine (double activation, softmax, initializer pairing), then SELU rules. So a
// per-layer mistake late in the list wins over a pairing mistake early in it.
using pairing_then_rate = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::relu, cn::glorot_uniform>,
                                         cn::dropout<20>, cn::dense<10, cn::softmax>>;
static_assert(cn::verdict_of<pairing_then_rate> == verdict{errc::bad_dropout_rate, 3});
// An initializer mismatch on a SELU layer is reported as such, before the SELU rules.
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<100, cn::selu, cn::he_normal>, cn::batch_norm<>,
                                            cn::dense<10, cn::softmax>>> == verdict{errc::initializer_mismatch, 1, 1});
// Among SELU mistakes, declaration order.
static_assert(cn::verdict_of<cn::sequential<cn::input<784>, cn::dense<100, cn::selu>, cn::dropout<0.1f>,
                                            cn::dense<100, cn::relu>, cn::batch_norm<>, cn::dense<10, cn::softmax>>> ==
              verdict{errc::selu_with_dropout, 2});

// A derived network keeps its verdict (the name users give it survives into diagnostics).
struct named_bad : cn::sequential<cn::input<28, 28>, cn::dense<10, cn::softmax>> {};
static_assert(cn::verdict_of<named_bad> == verdict{errc::needs_flat_input, 1, 0, cn::shape{2, {28, 28}}});

} // namespace

int main() {}
