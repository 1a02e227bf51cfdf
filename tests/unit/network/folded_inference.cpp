// Inference folds each batch norm it can into a dense layer (executor::fold_for_inference): the
// folded pass must give the unfolded inference pass's outputs up to float rounding, for every
// place a batch norm can sit: on the input, between a dense and its activation (with and without
// a bias, and before the softmax), after an activation, and where it cannot fold (before a
// standalone activation layer).
#define BOOST_TEST_MODULE folded_inference
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace cn = ctnet;

// The chapter's model: BN on the input, BN after each hidden activation.
using seed_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                cn::batch_norm<>, cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
                                cn::dense<10, cn::softmax>>;
// BN between the GEMM and the activation (no bias, then with one), BN before the softmax, and a BN
// that cannot fold (a standalone activation layer follows it).
using between_net = cn::sequential<cn::input<40>, cn::dense<32, cn::no_bias>, cn::batch_norm<>, cn::elu<>,
                                   cn::dense<24>, cn::batch_norm<>, cn::relu, cn::batch_norm<>, cn::tanh,
                                   cn::dense<7>, cn::batch_norm<>, cn::softmax>;

template <class Net>
void randomize(Net& model) {
    constexpr auto& P = Net::plan();
    std::uint32_t h = 12345;
    auto next = [&] { h = h * 1664525u + 1013904223u; return static_cast<float>(h >> 8) / 16777216.0f; };
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const cn::stage& s = P.stages[i];
        if (s.gamma == cn::no_offset) continue;
        for (std::size_t j = 0; j < s.units; ++j) {
            model.parameters()[s.gamma + j] = 0.5f + next();
            model.parameters()[s.beta + j] = next() - 0.5f;
            model.state()[s.moving_mean + j] = next() - 0.5f;
            model.state()[s.moving_variance + j] = 0.05f + 2.0f * next();
        }
        if (s.bias != cn::no_offset)
            for (std::size_t j = 0; j < s.units; ++j) model.parameters()[s.bias + j] = 0.2f * (next() - 0.5f);
    }
}

template <class Net>
std::vector<float> unfolded(const Net& model, const std::vector<float>& x, std::size_t m) {
    using exec = cn::detail::executor<Net>;
    cn::detail::workspace ws;
    exec::prepare(ws, m);
    std::copy(x.begin(), x.end(), exec::input(ws));
    std::vector<float> state(model.state(), model.state() + Net::plan().state_floats);
    cn::detail::pass p{model.parameters(), state.data(), nullptr, &ws, m};
    exec::forward(p);
    return {exec::output(p), exec::output(p) + m * Net::plan().output_size};
}

template <class Net>
void check_fold(std::size_t m) {
    Net model{cn::seed{3}};
    randomize(model);
    std::vector<float> x(m * Net::plan().input_size);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 2654435761u) % 1000) / 1000.0f;
    const std::vector<float> want = unfolded(model, x, m);
    const std::vector<float> got = model.predict(x);
    BOOST_REQUIRE_EQUAL(got.size(), want.size());
    double worst = 0.0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double err = std::abs(double{got[i]} - want[i]) / (1e-3 + std::abs(double{want[i]}));
        worst = std::max(worst, err);
    }
    // Folding reassociates a few float products per output (scale into W, shift through W):
    // a few ulps of the largest terms, relative to outputs of order 1.
    BOOST_TEST(worst < 2e-5);
    BOOST_TEST(worst > 0.0);  // the folded pass really is a different computation
}

BOOST_AUTO_TEST_CASE(seed_model_folds_every_batch_norm) {
    using exec = cn::detail::executor<seed_net>;
    constexpr auto& P = seed_net::plan();
    std::size_t folded = 0;
    for (std::size_t i = 0; i < P.stage_count; ++i) folded += exec::skips_batch_norm(i);
    BOOST_TEST(folded == 3u);
    check_fold<seed_net>(37);
}

BOOST_AUTO_TEST_CASE(batch_norm_between_dense_and_activation) {
    using exec = cn::detail::executor<between_net>;
    constexpr auto& P = between_net::plan();
    std::size_t folded = 0, kept = 0;
    for (std::size_t i = 0; i < P.stage_count; ++i) {
        const bool has_bn = P.stages[i].gamma != cn::no_offset;
        folded += has_bn && exec::skips_batch_norm(i);
        kept += has_bn && !exec::skips_batch_norm(i);
    }
    BOOST_TEST(folded == 3u);
    BOOST_TEST(kept == 1u);  // the batch norm before the tanh layer
    // The plan drops a bias directly before a batch norm; folding gives each of those dense layers one.
    static_assert(exec::folded_floats == P.param_floats + 32 + 24 + 7);
    check_fold<between_net>(19);
}

// rrelu (inference slope (lower + upper) / 2) with a batch norm folded into its own dense and one
// folded into the next dense, and an alpha dropout (the identity in inference) between them.
using stochastic_net = cn::sequential<cn::input<30>, cn::dense<32>, cn::batch_norm<>, cn::rrelu<0.1f, 0.4f>,
                                      cn::alpha_dropout<0.2f>, cn::dense<16, cn::rrelu<>>, cn::batch_norm<>,
                                      cn::dense<7, cn::softmax>>;

BOOST_AUTO_TEST_CASE(rrelu_and_alpha_dropout) {
    using exec = cn::detail::executor<stochastic_net>;
    constexpr auto& P = stochastic_net::plan();
    std::size_t folded = 0;
    for (std::size_t i = 0; i < P.stage_count; ++i) folded += P.stages[i].gamma != cn::no_offset && exec::skips_batch_norm(i);
    BOOST_TEST(folded == 2u);
    check_fold<stochastic_net>(23);
}
