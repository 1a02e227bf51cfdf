// Inference latency of the chapter's model on one core: ctnet::predictor on one sample (each call timed
// alone, median and 90th percentile over 20,000 calls on Fashion-MNIST test images), model.predict on
// one sample (which makes a predictor per call), and batches of 256: the predictor's per-sample time
// against training's forward pass on the same batch (batch statistics, no fold). One thread throughout.
// bfloat16 kernels (predictor_options::bf16_weights): latency, and test accuracy against float kernels
// after 3 training epochs.
// Usage: predictor_bench [repeats = 5]. Prints a table and one JSON line (the medians of `repeats` runs).
// predictor_bench_generic is the same program built with plain -O2 and no -march (run-time kernels;
// its training-forward row runs the executor of its flags, the portable one).
#include "fma_peak.hpp"
#include "seed_model.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <span>
#include <string>
#include <vector>

namespace cn = ctnet;
using clock_type = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}
double us_since(clock_type::time_point t0) {
    return std::chrono::duration<double, std::micro>(clock_type::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    ctnet_bench::print_kernels();
    const int repeats = argc > 1 ? std::stoi(argv[1]) : 5;
    if (repeats < 1 || argc > 2) {
        std::fprintf(stderr, "usage: predictor_bench [repeats = 5]\n");
        return 2;
    }
    std::printf("FMA peak of one core: %.1f GFLOP/s (%s kernels run)\n", ctnet_bench::fma_peak_gflops_per_core(),
                cn::detail::kernel_family_label(cn::running_kernels()));
    using model_t = ctnet_bench::seed_model;
    using exec = cn::detail::executor<model_t>;
    const auto data = cn::datasets::fashion_mnist();
    model_t model{cn::seed{42}};
    // Trained a little (3 epochs, as the README's example, on all 55,000 training images), so that the
    // accuracy of bfloat16 kernels against float ones means something.
    {
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, ctnet_bench::seed_sgd);
        trainer.fit(cn::split(data.train, 55'000).first, {.epochs = 3, .batch_size = 32, .verbose = 0});
    }
    const cn::predictor p{model};
    const cn::predictor p16{model, {.bf16_weights = true}};
    constexpr std::size_t in = 784, out = 10, calls = 20'000, batch = 256, images = 2'560;
    const std::span<const float> test(data.test.images.data(), images * in);
    std::vector<float> y(images * out);
    float sink = 0.0f;

    std::vector<double> one_median, one_p90, predict_one, batch_us, train_us, bf16_median, bf16_batch;
    std::vector<double> t(calls);
    for (int r = 0; r < repeats; ++r) {
        for (std::size_t i = 0; i < calls; ++i) {
            const std::size_t row = i % images;
            const auto t0 = clock_type::now();
            p(test.subspan(row * in, in), std::span<float>(y.data() + row * out, out));
            t[i] = us_since(t0);
        }
        one_median.push_back(median(t));
        one_p90.push_back(percentile(t, 0.9));
        sink += y[3];

        for (std::size_t i = 0; i < calls; ++i) {
            const std::size_t row = i % images;
            const auto t0 = clock_type::now();
            p16(test.subspan(row * in, in), std::span<float>(y.data() + row * out, out));
            t[i] = us_since(t0);
        }
        bf16_median.push_back(median(t));
        const auto t2 = clock_type::now();
        p16.predict(test, y);
        bf16_batch.push_back(us_since(t2) / images);

        std::vector<double> tp(200);
        for (std::size_t i = 0; i < tp.size(); ++i) {
            const std::vector<float> x(test.begin() + static_cast<std::ptrdiff_t>(i * in),
                                       test.begin() + static_cast<std::ptrdiff_t>((i + 1) * in));
            const auto t0 = clock_type::now();
            sink += model.predict(x)[0];
            tp[i] = us_since(t0);
        }
        predict_one.push_back(median(tp));

        // Batches of 256: the predictor, and training's forward pass (executor::forward, training mode).
        const auto t0 = clock_type::now();
        for (std::size_t b = 0; b < images; b += batch)
            p.predict(test.subspan(b * in, batch * in), std::span<float>(y.data() + b * out, batch * out));
        batch_us.push_back(us_since(t0) / images);
        sink += y[7];

        cn::detail::workspace ws;
        exec::prepare(ws, batch);
        std::vector<float> state(model.state(), model.state() + model_t::plan().state_floats);
        const auto t1 = clock_type::now();
        for (std::size_t b = 0; b < images; b += batch) {
            std::copy_n(test.data() + b * in, batch * in, exec::input(ws));
            cn::detail::pass pass{model.parameters(), state.data(), nullptr, &ws, batch};
            pass.training = true;
            pass.fused_loss = true;
            exec::forward(pass);
            sink += exec::output(pass)[0];
        }
        train_us.push_back(us_since(t1) / images);
    }
    // Accuracy on the 10,000 test images, float kernels and bfloat16 kernels, and how often they agree.
    const auto pf = p.predict(data.test.images), ph = p16.predict(data.test.images);
    std::size_t right_f = 0, right_h = 0, agree = 0;
    const auto argmax = [](const float* v) { return static_cast<std::size_t>(std::max_element(v, v + 10) - v); };
    for (std::size_t i = 0; i < data.test.size(); ++i) {
        const std::size_t a = argmax(pf.data() + i * 10), b = argmax(ph.data() + i * 10);
        right_f += a == static_cast<std::size_t>(data.test.labels[i]);
        right_h += b == static_cast<std::size_t>(data.test.labels[i]);
        agree += a == b;
    }
    const double n_test = static_cast<double>(data.test.size());
    const double flops = 2.0 * (784 * 300 + 300 * 100 + 100 * 10);
    std::printf("seed model, one thread, median of %d runs (sink %g)\n", repeats, static_cast<double>(sink));
    std::printf("%-52s %10s\n", "", "us");
    std::printf("%-52s %10.2f  (%.1f GFLOP/s)\n", "predictor, one sample, median of 20,000 calls", median(one_median),
                flops / median(one_median) / 1e3);
    std::printf("%-52s %10.2f\n", "predictor, one sample, 90th percentile", median(one_p90));
    std::printf("%-52s %10.2f\n", "model.predict, one sample (a predictor per call)", median(predict_one));
    std::printf("%-52s %10.2f  (%.1f GFLOP/s)\n", "predictor, batches of 256, per sample", median(batch_us),
                flops / median(batch_us) / 1e3);
    std::printf("%-52s %10.2f\n", "training's forward pass, batches of 256, per sample", median(train_us));
    std::printf("%-52s %10.2f  (%.1f GFLOP/s; %s)\n", "predictor, bf16 weights, one sample, median", median(bf16_median),
                flops / median(bf16_median) / 1e3, cn::kernels::bf16_dot_products ? "vdpbf16ps" : "portable bf16");
    std::printf("%-52s %10.2f\n", "predictor, bf16 weights, batches of 256, per sample", median(bf16_batch));
    std::printf("test accuracy after 3 epochs: float %.4f, bf16 %.4f; same class for %.4f of the 10,000 images\n",
                static_cast<double>(right_f) / n_test, static_cast<double>(right_h) / n_test,
                static_cast<double>(agree) / n_test);
    std::printf("{\"bench\":\"predictor\",\"bf16_one_sample_us\":%.3f,\"bf16_batch_us_per_sample\":%.3f,"
                "\"accuracy_float\":%.4f,\"accuracy_bf16\":%.4f,",
                median(bf16_median), median(bf16_batch), static_cast<double>(right_f) / n_test,
                static_cast<double>(right_h) / n_test);
    std::printf("\"one_sample_us\":%.3f,\"one_sample_p90_us\":%.3f,\"model_predict_one_us\":%.3f,"
                "\"batch256_us_per_sample\":%.3f,\"train_forward256_us_per_sample\":%.3f}\n",
                median(one_median), median(one_p90), median(predict_one), median(batch_us), median(train_us));
}
