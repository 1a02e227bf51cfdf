// The producer half of the export test: two models with weights of their own (the chapter's model, and
// one that spells every kind of layer and option), exported with ctnet::export_header, and their
// predictions on export_test::inputs written as raw floats for the consumer (use_exported_models.cpp),
// a separate program that includes only the generated headers.
// Usage: export_models <seed_model.hpp> <varied_model.hpp> <expected.bin>
#include <ctnet/ctnet.hpp>

#include "export_inputs.hpp"

#include <cstdio>
#include <fstream>

namespace cn = ctnet;

using seed_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                cn::batch_norm<>, cn::dense<100, cn::relu, cn::he_normal>, cn::batch_norm<>,
                                cn::dense<10, cn::softmax>>;
// Every spelling: activations with parameters, standalone activation layers, no_bias, a batch norm
// with its own constants (folded into its dense, and one that cannot fold), the stochastic layers,
// and training-only options the header leaves out (initializer, regularizer, constraint, frozen).
using varied_net = cn::sequential<
    cn::input<4, 6>, cn::flatten, cn::dense<40, cn::elu<0.5f>, cn::l2<0.01f>>, cn::dropout<0.25f>,
    cn::frozen<cn::dense<32, cn::no_bias, cn::max_norm<3>>>, cn::batch_norm<0.9f, 1e-5f>, cn::leaky_relu<0.2f>,
    cn::dense<20, cn::rrelu<0.1f, 0.3f>, cn::he_uniform>, cn::alpha_dropout<0.1f>, cn::dense<16, cn::prelu>,
    cn::batch_norm<>, cn::tanh, cn::dense<8, cn::relu>, cn::dense<6, cn::gelu>, cn::dense<5, cn::swish>,
    cn::dense<4, cn::mish>, cn::dense<3, cn::sigmoid>>;

template <class Net>
void randomize(Net& model, std::uint32_t h) {
    auto next = [&] { h = h * 1664525u + 1013904223u; return static_cast<float>(h >> 8) / 16777216.0f; };
    for (std::size_t i = 0; i < Net::plan().param_floats; ++i) model.parameters()[i] += 0.05f * (next() - 0.5f);
    for (std::size_t i = 0; i < Net::plan().stage_count; ++i) {
        const cn::stage& s = Net::plan().stages[i];
        if (s.moving_mean == cn::no_offset) continue;
        for (std::size_t j = 0; j < s.units; ++j) {
            model.state()[s.moving_mean + j] = next() - 0.5f;
            model.state()[s.moving_variance + j] = 0.05f + 2.0f * next();
        }
    }
}

template <class Net>
void export_one(std::uint64_t seed, const char* header, const char* name_space, std::ofstream& expected) {
    Net model{cn::seed{seed}};
    randomize(model, static_cast<std::uint32_t>(seed));
    cn::export_header(model, header, {.name_space = name_space});
    const auto y = model.predict(export_test::inputs(Net::input_size()));
    expected.write(reinterpret_cast<const char*>(y.data()), static_cast<std::streamsize>(y.size() * sizeof(float)));
}

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: export_models <seed_model.hpp> <varied_model.hpp> <expected.bin>\n");
        return 2;
    }
    std::ofstream expected(argv[3], std::ios::binary);
    export_one<seed_net>(42, argv[1], "exported::seed", expected);
    export_one<varied_net>(7, argv[2], "exported::varied", expected);
    return expected.good() ? 0 : 1;
}
