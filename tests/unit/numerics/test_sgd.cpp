// Keras SGD (plain, momentum, Nesterov) and the legacy decay against hand-computed sequences.
#define BOOST_TEST_MODULE sgd
#include <boost/test/unit_test.hpp>

#include <ctnet/kernels/sgd.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

#include "training_math_support.hpp"

namespace k = ctnet::kernels;
namespace tmt = ctnet::test::training_math;

namespace {

struct variant {
    float momentum;
    bool nesterov;
    const char* name;
};
const variant variants[] = {{0.0f, false, "plain"}, {0.9f, false, "momentum"}, {0.9f, true, "nesterov"},
                            {0.0f, true, "nesterov without momentum is plain"}};

} // namespace

BOOST_AUTO_TEST_CASE(three_steps_with_a_constant_gradient_by_hand)
{
    // w0 = 1, g = 1 each step, lr 0.1, mu 0.9.
    // plain:    w = 0.9, 0.8, 0.7
    // momentum: v = -0.1, -0.19, -0.271;  w = 0.9, 0.71, 0.439
    // Nesterov: v as above; w += mu v - lr g: 1 - 0.09 - 0.1 = 0.81,
    //           0.81 - 0.171 - 0.1 = 0.539, 0.539 - 0.2439 - 0.1 = 0.1951
    const double want[3][3] = {{0.9, 0.8, 0.7}, {0.9, 0.71, 0.439}, {0.81, 0.539, 0.1951}};
    for (int v = 0; v < 3; ++v) {
        float w = 1.0f, vel = 0.0f;
        const float g = 1.0f;
        for (int s = 0; s < 3; ++s) {
            k::sgd::step(&w, &g, &vel, 1, 0.1f, variants[v].momentum, variants[v].nesterov);
            tmt::check_close(w, want[v][s], tmt::sgd_steps, variants[v].name);
        }
    }
}

BOOST_AUTO_TEST_CASE(variants_over_steps_with_changing_learning_rate_match_keras_recurrence)
{
    // The Keras recurrences in double, with a learning rate that changes every step: that is where
    // Keras (lr inside the velocity) and PyTorch (lr outside) part ways.
    for (const std::size_t n : {1u, 15u, 16u, 17u, 100u, 1001u}) {
        tmt::input_source src(static_cast<std::uint32_t>(n));
        const auto w0 = src.uniform_vector(n, -1.0f, 1.0f);
        for (const auto& var : variants) {
            std::vector<float> w = w0, v(n, 0.0f);
            std::vector<double> wd = tmt::to_double(w0), vd(n, 0.0);
            for (int s = 0; s < 5; ++s) {
                const auto g = src.uniform_vector(n, -1.0f, 1.0f);
                const float lr = 0.1f / (1.0f + 0.5f * static_cast<float>(s));
                k::sgd::step(w.data(), g.data(), var.momentum == 0.0f ? nullptr : v.data(), n, lr,
                             var.momentum, var.nesterov);
                for (std::size_t i = 0; i < n; ++i) {
                    const double eta = lr, mu = var.momentum, gi = g[i];
                    if (mu == 0.0) {
                        wd[i] -= eta * gi;
                    } else {
                        vd[i] = mu * vd[i] - eta * gi;
                        wd[i] += var.nesterov ? mu * vd[i] - eta * gi : vd[i];
                    }
                }
            }
            tmt::check_all_close(w, wd, tmt::sgd_steps, var.name);
            if (var.momentum != 0.0f) tmt::check_all_close(v, vd, tmt::sgd_steps, "velocity");
            else for (const float x : v) BOOST_TEST(x == 0.0f);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_block_of_rows_is_updated_as_the_whole_arena)
{
    // step_block updates a tile of a (K x N) kernel in place (what fit does inside the backward
    // pass); every element must come out bitwise as a pass of step() over the arena, and nothing
    // outside the tile may change. 37 columns: two full vectors and a partial one per row.
    constexpr std::size_t K = 9, N = 50, r0 = 2, rows = 5, c0 = 7, cols = 37;
    tmt::input_source src(77);
    const auto w0 = src.uniform_vector(K * N, -1.0f, 1.0f);
    const auto v0 = src.uniform_vector(K * N, -0.1f, 0.1f);
    const auto g = src.uniform_vector(K * N, -1.0f, 1.0f);
    for (const auto& var : variants) {
        std::vector<float> w_all = w0, v_all = v0, w_blk = w0, v_blk = v0;
        k::sgd::step(w_all.data(), g.data(), var.momentum == 0.0f ? nullptr : v_all.data(), K * N, 0.05f,
                     var.momentum, var.nesterov);
        const std::size_t at = r0 * N + c0;
        k::sgd::step_block(w_blk.data() + at, g.data() + at, var.momentum == 0.0f ? nullptr : v_blk.data() + at, rows,
                           cols, N, rows * N, 0.05f, var.momentum, var.nesterov);
        std::size_t inside_equal = 0, outside_untouched = 0;
        for (std::size_t r = 0; r < K; ++r)
            for (std::size_t c = 0; c < N; ++c) {
                const std::size_t i = r * N + c;
                const bool inside = r >= r0 && r < r0 + rows && c >= c0 && c < c0 + cols;
                if (inside)
                    inside_equal += std::memcmp(&w_blk[i], &w_all[i], sizeof(float)) == 0 &&
                                    std::memcmp(&v_blk[i], var.momentum == 0.0f ? &v0[i] : &v_all[i], sizeof(float)) == 0;
                else
                    outside_untouched += w_blk[i] == w0[i] && v_blk[i] == v0[i];
            }
        BOOST_TEST(inside_equal == rows * cols, var.name);
        BOOST_TEST(outside_untouched == K * N - rows * cols, var.name);
    }
}

BOOST_AUTO_TEST_CASE(legacy_decay_is_power_scheduling_from_iteration_zero)
{
    // lr_t = lr0 / (1 + decay * iterations), iterations = steps already applied.
    const float lr0 = 0.01f, decay = 1e-4f;
    for (const std::uint64_t it : {0ull, 1ull, 10ull, 10'000ull, 1'000'000ull}) {
        const double want = double(lr0) / (1.0 + double(decay) * double(it));
        tmt::check_close(k::sgd::legacy_decayed_learning_rate(lr0, decay, it), want, {0.0, 1e-6}, "legacy decay");
    }
    BOOST_TEST(k::sgd::legacy_decayed_learning_rate(lr0, decay, 0) == lr0);
}
