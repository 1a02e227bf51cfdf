// Times ctnet's GEMMs on the nine GEMMs of one 784-300-100-10 training step, optionally against OpenBLAS.
//
// Usage: gemm_bench [--quick] [--no-blas]
// Prints a Markdown table per (batch, threads): GFLOP/s per GEMM and the step total (sum of the nine
// per-GEMM medians), each the median of 7 windows of about 25 ms (3 windows of 5 ms with --quick).
// The OPENBLAS_* environment is printed, since it changes OpenBLAS's speed by up to 1.8x here.
#include <ctnet/kernels/gemm.hpp>
#include <ctnet/kernels/thread_pool.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <unistd.h>

#include "fma_peak.hpp"

#if defined(CTNET_BENCH_OPENBLAS)
#include <cblas.h>
#endif

namespace {

namespace k = ctnet::kernels;
using clock_type = std::chrono::steady_clock;

double fma_peak_per_core = 0.0; // GFLOP/s, measured at start (fma_peak.hpp)

struct shape {
    const char* name;
    const char* kind; // NN, TN, NT
    std::size_t rows, cols, depth; // C(rows x cols), sum of length depth
};

int n_windows = 7;
double window_seconds = 0.025;

/// Median over windows of the seconds per call of fn.
double time_call(const std::function<void()>& fn)
{
    fn();
    std::size_t reps = 1;
    for (;;) { // calibrate reps to fill a window
        const auto t0 = clock_type::now();
        for (std::size_t i = 0; i < reps; ++i)
            fn();
        const double s = std::chrono::duration<double>(clock_type::now() - t0).count();
        if (s >= window_seconds / 4)
            break;
        reps *= 2;
    }
    const auto t0 = clock_type::now();
    for (std::size_t i = 0; i < reps; ++i)
        fn();
    const double per = std::chrono::duration<double>(clock_type::now() - t0).count() / static_cast<double>(reps);
    reps = std::max<std::size_t>(1, static_cast<std::size_t>(window_seconds / per));
    std::vector<double> w;
    for (int i = 0; i < n_windows; ++i) {
        const auto s0 = clock_type::now();
        for (std::size_t r = 0; r < reps; ++r)
            fn();
        w.push_back(std::chrono::duration<double>(clock_type::now() - s0).count() / static_cast<double>(reps));
    }
    std::sort(w.begin(), w.end());
    return w[w.size() / 2];
}

struct buffers {
    // One training step: x (B x 784), W1 (784 x 300), h1 (B x 300), W2 (300 x 100), h2 (B x 100),
    // W3 (100 x 10), y (B x 10); gradients of the same shapes.
    std::vector<float> x, w1, h1, w2, h2, w3, y, dy, dh2, dh1, dx, dw1, dw2, dw3;
    explicit buffers(std::size_t b)
        : x(b * 784), w1(784 * 300), h1(b * 300), w2(300 * 100), h2(b * 100), w3(100 * 10), y(b * 10),
          dy(b * 10), dh2(b * 100), dh1(b * 300), dx(b * 784), dw1(784 * 300), dw2(300 * 100), dw3(100 * 10)
    {
        std::mt19937 gen(7);
        std::uniform_real_distribution<float> d(-1.0f, 1.0f);
        for (auto* v : {&x, &w1, &h1, &w2, &h2, &w3, &dy, &dh2, &dh1})
            for (auto& e : *v)
                e = d(gen);
    }
};

using gemm_fn = std::function<void()>;

std::array<gemm_fn, 9> ctnet_step(buffers& m, std::size_t b, k::thread_pool* pool)
{
    return {
        [&m, b, pool] { k::gemm_nn<784, 300>(b, m.x.data(), m.w1.data(), m.h1.data(), pool); },
        [&m, b, pool] { k::gemm_nn<300, 100>(b, m.h1.data(), m.w2.data(), m.h2.data(), pool); },
        [&m, b, pool] { k::gemm_nn<100, 10>(b, m.h2.data(), m.w3.data(), m.y.data(), pool); },
        [&m, b, pool] { k::gemm_tn<784, 300>(b, m.x.data(), m.dh1.data(), m.dw1.data(), pool); },
        [&m, b, pool] { k::gemm_tn<300, 100>(b, m.h1.data(), m.dh2.data(), m.dw2.data(), pool); },
        [&m, b, pool] { k::gemm_tn<100, 10>(b, m.h2.data(), m.dy.data(), m.dw3.data(), pool); },
        [&m, b, pool] { k::gemm_nt<100, 10>(b, m.dy.data(), m.w3.data(), m.dh2.data(), pool); },
        [&m, b, pool] { k::gemm_nt<300, 100>(b, m.dh2.data(), m.w2.data(), m.dh1.data(), pool); },
        [&m, b, pool] { k::gemm_nt<784, 300>(b, m.dh1.data(), m.w1.data(), m.dx.data(), pool); },
    };
}

#if defined(CTNET_BENCH_OPENBLAS)
std::array<gemm_fn, 9> blas_step(buffers& m, std::size_t b)
{
    const int B = static_cast<int>(b);
    auto nn = [](int M, int K, int N, const float* a, const float* w, float* c) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, a, K, w, N, 0.0f, c, N);
    };
    auto tn = [](int M, int K, int N, const float* a, const float* d, float* c) { // C(K x N) = A(M x K)^T D(M x N)
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, N, M, 1.0f, a, K, d, N, 0.0f, c, N);
    };
    auto nt = [](int M, int K, int N, const float* d, const float* w, float* c) { // C(M x K) = D(M x N) W(K x N)^T
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, K, N, 1.0f, d, N, w, N, 0.0f, c, K);
    };
    return {
        [&m, B, nn] { nn(B, 784, 300, m.x.data(), m.w1.data(), m.h1.data()); },
        [&m, B, nn] { nn(B, 300, 100, m.h1.data(), m.w2.data(), m.h2.data()); },
        [&m, B, nn] { nn(B, 100, 10, m.h2.data(), m.w3.data(), m.y.data()); },
        [&m, B, tn] { tn(B, 784, 300, m.x.data(), m.dh1.data(), m.dw1.data()); },
        [&m, B, tn] { tn(B, 300, 100, m.h1.data(), m.dh2.data(), m.dw2.data()); },
        [&m, B, tn] { tn(B, 100, 10, m.h2.data(), m.dy.data(), m.dw3.data()); },
        [&m, B, nt] { nt(B, 100, 10, m.dy.data(), m.w3.data(), m.dh2.data()); },
        [&m, B, nt] { nt(B, 300, 100, m.dh2.data(), m.w2.data(), m.dh1.data()); },
        [&m, B, nt] { nt(B, 784, 300, m.dh1.data(), m.w1.data(), m.dx.data()); },
    };
}
#endif

const std::array<const char*, 9> names{"F1", "F2", "F3", "W1", "W2", "W3", "D3", "D2", "D1"};
const std::array<std::size_t, 9> depth_k{784, 300, 100, 784, 300, 100, 100, 300, 784};
const std::array<std::size_t, 9> width_n{300, 100, 10, 300, 100, 10, 10, 100, 300};

struct result {
    std::array<double, 9> seconds{};
};

void print_row(const char* label, std::size_t b, std::size_t threads, const result& r)
{
    double total = 0, flops = 0;
    std::printf("| %-16s | %3zu | %zuT |", label, b, threads);
    for (std::size_t i = 0; i < 9; ++i) {
        const double f = 2.0 * static_cast<double>(b * depth_k[i] * width_n[i]);
        std::printf(" %5.0f |", f / r.seconds[i] * 1e-9);
        total += r.seconds[i];
        flops += f;
    }
    const double gf = flops / total * 1e-9;
    std::printf(" **%.0f us**, %.0f, %.0f%% |\n", total * 1e6, gf,
                100.0 * gf / (fma_peak_per_core * static_cast<double>(threads)));
}

/// Busy jiffies of the whole machine and of this process, to report how much CPU others used meanwhile
/// (a 2-thread figure is only meaningful when the other processes left the second core alone).
struct cpu_usage {
    double machine = 0, self = 0;
    static cpu_usage now()
    {
        cpu_usage u;
        if (std::FILE* f = std::fopen("/proc/stat", "r")) {
            unsigned long long v[8] = {};
            if (std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                            &v[6], &v[7]) == 8)
                u.machine = static_cast<double>(v[0] + v[1] + v[2] + v[5] + v[6] + v[7]);
            std::fclose(f);
        }
        if (std::FILE* f = std::fopen("/proc/self/stat", "r")) {
            unsigned long long ut = 0, st = 0;
            if (std::fscanf(f, "%*d %*s %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2)
                u.self = static_cast<double>(ut + st);
            std::fclose(f);
        }
        return u;
    }
};

double pool_round_trip_us(k::thread_pool& pool)
{
    volatile int sink = 0;
    auto fn = [&] { pool.parallel_for(pool.size(), [&](std::size_t i) { sink = static_cast<int>(i); }); };
    return time_call(fn) * 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    ctnet_bench::print_kernels();
    bool blas = true;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--quick") == 0) {
            n_windows = 3;
            window_seconds = 0.005;
        } else if (std::strcmp(argv[i], "--no-blas") == 0) {
            blas = false;
        }
    }
    fma_peak_per_core = ctnet_bench::fma_peak_gflops_per_core();
    const char* ct = std::getenv("OPENBLAS_CORETYPE");
    const char* l2 = std::getenv("OPENBLAS_L2_SIZE");
#if defined(__AVX512F__)
    const char* isa = "AVX-512";
#else
    const char* isa = "portable";
#endif
    std::printf("ctnet GEMM benchmark: ctnet path %s; OPENBLAS_CORETYPE=%s OPENBLAS_L2_SIZE=%s\n", isa,
                ct ? ct : "(unset)", l2 ? l2 : "(unset)");
    std::printf("GFLOP/s per GEMM; total = sum of per-GEMM medians (%d windows of %.0f ms), GFLOP/s, %% of FMA peak "
                "(%.1f GFLOP/s a core)\n\n",
                n_windows, window_seconds * 1e3, fma_peak_per_core);
    std::printf("| library          |   B | T  |");
    for (auto n : names)
        std::printf(" %5s |", n);
    std::printf(" step total |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");

    const cpu_usage start = cpu_usage::now();
    const auto wall0 = clock_type::now();
    k::thread_pool pool2(2);
    for (std::size_t b : {std::size_t{32}, std::size_t{256}}) {
        buffers m(b);
        for (std::size_t t : {std::size_t{1}, std::size_t{2}}) {
            k::thread_pool* pool = t == 1 ? nullptr : &pool2;
            auto fns = ctnet_step(m, b, pool);
            result r;
            for (std::size_t i = 0; i < 9; ++i)
                r.seconds[i] = time_call(fns[i]);
            print_row("ctnet", b, t, r);
#if defined(CTNET_BENCH_OPENBLAS)
            if (blas) {
                openblas_set_num_threads(static_cast<int>(t));
                auto bf = blas_step(m, b);
                result rb;
                for (std::size_t i = 0; i < 9; ++i)
                    rb.seconds[i] = time_call(bf[i]);
                print_row("OpenBLAS", b, t, rb);
            }
#endif
        }
    }
    (void)blas;
    std::printf("\nthread_pool::parallel_for round trip, 2 threads, empty tasks: %.2f us\n", pool_round_trip_us(pool2));
    const cpu_usage end = cpu_usage::now();
    const double wall = std::chrono::duration<double>(clock_type::now() - wall0).count();
    const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    std::printf("other processes used %.0f%% of a core during the run (retry a 2-thread figure above 5%%)\n",
                100.0 * ((end.machine - start.machine) - (end.self - start.self)) / hz / wall);
    return 0;
}
