// One training run and every kind of inference, written as raw floats: the program the dispatch
// tests build three ways and compare bitwise (compare_dispatch.py, docs/inference.md "Which kernels
// run"). Built generic with run-time dispatch, a CTNET_KERNELS family must give the bytes that a
// build for that family's instruction set alone gives (-march=x86-64-v3 for avx2_fma, -v4 for avx512).
// Usage: dispatch_run <out.bin>   (prints build_info and the family that ran)
//        dispatch_run --cpu       (prints the families this CPU can run, e.g. "avx2_fma portable")
#include <ctnet/ctnet.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <vector>

namespace cn = ctnet;

// The chapter's model: the GEMMs' tiles, the thread pool's splits, batch norm in training.
using seed_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                cn::batch_norm<>, cn::dropout<0.1f>, cn::dense<100, cn::elu<>, cn::he_normal>,
                                cn::batch_norm<>, cn::dense<10, cn::softmax>>;
// Every other activation kernel, the stochastic layers, regularizers and a constraint.
using varied_net = cn::sequential<
    cn::input<24>, cn::dense<40, cn::elu<>, cn::he_normal, cn::l2<0.01f>>, cn::dropout<0.2f>,
    cn::dense<32, cn::gelu, cn::max_norm<3>>, cn::batch_norm<>, cn::swish, cn::dense<24, cn::mish, cn::l1<0.001f>>,
    cn::dense<20, cn::rrelu<>>, cn::dense<16, cn::prelu>, cn::dense<12, cn::leaky_relu<0.2f>>, cn::dense<10, cn::tanh>,
    cn::dense<8, cn::sigmoid>, cn::dense<4, cn::softmax>>;
// SELU and alpha dropout (a self-normalizing network).
using selu_net = cn::sequential<cn::input<24>, cn::dense<32, cn::selu, cn::lecun_normal>, cn::alpha_dropout<0.1f>,
                                cn::dense<16, cn::selu, cn::lecun_normal>, cn::dense<4, cn::softmax>>;

cn::dataset samples(std::size_t n, std::size_t width, std::size_t classes, std::vector<std::size_t> shape) {
    cn::dataset d;
    d.sample_shape = std::move(shape);
    std::uint32_t h = 2024;
    for (std::size_t i = 0; i < n * width; ++i) {
        h = h * 1664525u + 1013904223u;
        d.images.push_back(static_cast<float>(h >> 8) / 16777216.0f);
    }
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7 + i / 3) % classes));
    return d;
}

void put(std::ofstream& out, const float* p, std::size_t n) {
    out.write(reinterpret_cast<const char*>(p), static_cast<std::streamsize>(n * sizeof(float)));
}
void put(std::ofstream& out, const std::vector<float>& v) { put(out, v.data(), v.size()); }
void put(std::ofstream& out, double x) {
    const float f = static_cast<float>(x);
    put(out, &f, 1);
}

template <class Net, class Optimizer>
void run(std::ofstream& out, const cn::dataset& data, Optimizer optimizer, std::size_t batch) {
    Net model{cn::seed{11}};
    auto t = cn::compile(model, cn::sparse_categorical_crossentropy{}, optimizer);
    const cn::history h = t.fit(data, {.epochs = 2, .batch_size = batch, .verbose = 0, .threads = 2});
    put(out, std::vector<float>(h.loss.begin(), h.loss.end()));
    put(out, model.parameters(), Net::plan().param_floats);
    put(out, model.state(), Net::plan().state_floats);
    const cn::evaluation e = t.evaluate(data);
    put(out, e.loss);
    put(out, e.accuracy);
    const auto [loss, gradients] = t.loss_and_gradients(data);
    put(out, loss);
    put(out, gradients);
    const std::vector<float> x(data.images.begin(), data.images.begin() + 40 * Net::input_size());
    put(out, model.predict(x));
    const cn::predictor p{model};
    std::vector<float> y(Net::output_size());
    p(std::span<const float>(x.data(), Net::input_size()), y);
    put(out, y);
    put(out, cn::predictor{model, {.bf16_weights = true}}.predict(x));
    const cn::mc_prediction mc = cn::mc_predict(model, x, {.samples = 5, .seed = 3});
    put(out, mc.mean);
    put(out, mc.stddev);
}

int main(int argc, char** argv) try {
    if (argc == 2 && std::string_view(argv[1]) == "--cpu") {
        std::printf("%s%sportable\n", cn::cpu().avx512 ? "avx512 " : "", cn::cpu().avx2_fma ? "avx2_fma " : "");
        return 0;
    }
    if (argc != 2) {
        std::fprintf(stderr, "usage: dispatch_run <out.bin> | --cpu\n");
        return 2;
    }
    std::printf("%s\nran: %s\n", cn::build_info().c_str(), cn::detail::kernel_family_name(cn::running_kernels()));
    std::ofstream out(argv[1], std::ios::binary);
    run<seed_net>(out, samples(300, 784, 10, {28, 28}), cn::adam{.learning_rate = 0.002f}, 32);
    run<varied_net>(out, samples(200, 24, 4, {24}), cn::sgd{.learning_rate = 0.05f, .momentum = 0.9f, .nesterov = true},
                    16);
    run<selu_net>(out, samples(200, 24, 4, {24}), cn::nadam{.learning_rate = 0.01f}, 16);
    return out.good() ? 0 : 1;
} catch (const std::exception& e) {
    std::fprintf(stderr, "dispatch_run: %s\n", e.what());
    return 1;
}
