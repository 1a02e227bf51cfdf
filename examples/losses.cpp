// Trains two small networks on synthetic data, one per kind of target: three independent yes/no
// outputs with binary cross-entropy on a sigmoid output, and three real outputs with mean squared
// error on a linear output. Prints each epoch's loss and the final evaluation; exits non-zero if
// a loss did not fall, so the test run notices.
#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>

namespace cn = ctnet;

namespace {

constexpr std::size_t samples = 1024, features = 8;

// Inputs uniform in [-1, 1] from std::mt19937's raw bits (specified exactly by the standard, unlike
// the distributions), and the targets `f` makes of each row.
template <class F>
cn::dataset make(std::uint32_t seed, F f) {
    std::mt19937 gen(seed);
    cn::dataset d;
    d.sample_shape = {features};
    for (std::size_t i = 0; i < samples; ++i) {
        float x[features];
        for (float& v : x) v = static_cast<float>(gen() >> 8) / 8388608.0f - 1.0f;
        d.images.insert(d.images.end(), x, x + features);
        f(x, d.targets);
    }
    return d;
}

template <class Trainer>
bool report(const char* title, Trainer& trainer, const cn::dataset& train, const cn::dataset& valid) {
    const auto h = trainer.fit(train, {.epochs = 8, .batch_size = 32, .validation = valid, .verbose = 0});
    std::printf("%s\n", title);
    // A regression (mean squared error) logs no accuracy: its history has none, as Keras's.
    for (std::size_t e = 0; e < h.loss.size(); ++e)
        if (h.accuracy.empty())
            std::printf("  epoch %zu: loss %.4f  val_loss %.4f\n", e + 1, h.loss[e], h.val_loss[e]);
        else
            std::printf("  epoch %zu: loss %.4f  accuracy %.4f  val_loss %.4f  val_accuracy %.4f\n", e + 1, h.loss[e],
                        h.accuracy[e], h.val_loss[e], h.val_accuracy[e]);
    const auto v = trainer.evaluate(valid);
    std::printf("  evaluate: loss %.4f  accuracy %.4f%s\n", v.loss, v.accuracy,
                std::isnan(v.accuracy) ? "  (no accuracy for regression)" : "");
    return h.loss.back() < 0.8 * h.loss.front();
}

} // namespace

int main() {
    // Multi-label classification: three yes/no questions about each sample.
    const auto labels = [](const float* x, std::vector<float>& y) {
        y.push_back(x[0] + x[1] > 0.0f ? 1.0f : 0.0f);
        y.push_back(x[2] * x[3] > 0.0f ? 1.0f : 0.0f);
        y.push_back(x[4] - 0.5f * x[5] > 0.25f ? 1.0f : 0.0f);
    };
    const auto [yes_no_train, yes_no_valid] = cn::split(make(1, labels), 768);
    using classifier = cn::sequential<cn::input<features>, cn::dense<32, cn::relu>, cn::dense<3, cn::sigmoid>>;
    classifier c{cn::seed{42}};
    auto bce = cn::compile(c, cn::binary_crossentropy{},
                           cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f, .nesterov = true});
    const bool bce_fell = report("binary_crossentropy, dense<3, sigmoid>:", bce, yes_no_train, yes_no_valid);

    // Regression: three smooth functions of the inputs.
    const auto values = [](const float* x, std::vector<float>& y) {
        y.push_back(std::sin(2.0f * x[0]) + 0.5f * x[1]);
        y.push_back(x[2] * x[3]);
        y.push_back(0.25f * (x[4] + x[5] + x[6] + x[7]));
    };
    const auto [real_train, real_valid] = cn::split(make(2, values), 768);
    using regressor = cn::sequential<cn::input<features>, cn::dense<32, cn::tanh>, cn::dense<3>>;
    regressor r{cn::seed{42}};
    auto mse = cn::compile(r, cn::mean_squared_error{},
                           cn::sgd{.learning_rate = 0.05f, .momentum = 0.9f, .nesterov = true});
    const bool mse_fell = report("mean_squared_error, dense<3> (linear):", mse, real_train, real_valid);

    if (!bce_fell || !mse_fell) {
        std::printf("a loss did not fall by 20%% over the epochs\n");
        return 1;
    }
}
