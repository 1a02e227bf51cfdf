// A persistent pool of worker threads with a low-latency, allocation-free, statically partitioned parallel_for.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <stop_token>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace ctnet::kernels {

namespace detail {

inline void cpu_relax() noexcept
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

} // namespace detail

/// One persistent pool: the calling thread is worker 0, `size() - 1` std::jthread workers do the rest.
///
/// A training step at batch 32 issues nine GEMMs of 3-60 us each, so dispatch must cost about a
/// microsecond: workers spin for `spin` after each job (a cross-core wake-up through the kernel costs
/// tens of microseconds here) and only then sleep on an atomic wait. `parallel_for` allocates nothing.
///
/// Not reentrant by design: a `parallel_for` issued while the pool is busy (from inside a task, or from
/// a second thread) runs all its tasks inline on the calling thread, which gives the same results
/// because callers' results never depend on the partition.
class thread_pool {
public:
    /// `std::thread::hardware_concurrency()` (1 where it is unknown): every hardware thread. Work
    /// too small to split stays on fewer threads anyway (each caller's own threshold), and no result
    /// depends on the count.
    static std::size_t default_size() noexcept
    {
        return std::max<std::size_t>(std::thread::hardware_concurrency(), 1);
    }

    explicit thread_pool(std::size_t n_threads = default_size(),
                         std::chrono::microseconds spin = std::chrono::microseconds{200})
        : size_{std::max<std::size_t>(n_threads, 1)}, spin_{spin}
    {
        workers_.reserve(size_ - 1);
        for (std::size_t w = 1; w < size_; ++w)
            workers_.emplace_back([this, w](std::stop_token st) { worker_loop(st, w); });
    }

    thread_pool(const thread_pool&) = delete;
    thread_pool& operator=(const thread_pool&) = delete;

    ~thread_pool()
    {
        for (auto& t : workers_)
            t.request_stop();
        generation_.fetch_add(1, std::memory_order_seq_cst);
        generation_.notify_all();
        // std::jthread joins in its destructor.
    }

    /// Number of threads that run tasks, the caller included.
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

    /// Calls `fn(i)` for every i in [0, n_tasks). Thread t (0 = the caller) runs the contiguous block
    /// [t*n_tasks/T, (t+1)*n_tasks/T) with T = min(size(), n_tasks), in ascending order: a fixed static
    /// partition. Returns when all tasks are done; the first exception thrown by a task is rethrown here.
    template <class F>
    void parallel_for(std::size_t n_tasks, F&& fn)
    {
        static_assert(std::is_invocable_v<F&, std::size_t>, "ctnet::kernels::thread_pool: fn(std::size_t) must be callable");
        if (n_tasks == 0)
            return;
        const std::size_t team = std::min(size_, n_tasks);
        if (team <= 1 || busy_.exchange(true, std::memory_order_acquire)) {
            for (std::size_t i = 0; i < n_tasks; ++i)
                fn(i);
            return;
        }
        using fn_t = std::remove_reference_t<F>;
        job_fn_ = [](void* ctx, std::size_t i) { (*static_cast<fn_t*>(ctx))(i); };
        job_ctx_ = const_cast<void*>(static_cast<const void*>(std::addressof(fn)));
        job_tasks_ = n_tasks;
        job_team_ = team;
        failed_.store(false, std::memory_order_relaxed);
        error_claimed_.store(false, std::memory_order_relaxed);
        remaining_.store(size_ - 1, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_seq_cst);
        if (sleepers_.load(std::memory_order_seq_cst) != 0)
            generation_.notify_all();

        run_share(0);

        // The workers' share is as big as ours, so they are nearly done: spin, then yield.
        for (unsigned spins = 0; remaining_.load(std::memory_order_acquire) != 0; ++spins) {
            if (spins < 4096)
                detail::cpu_relax();
            else
                std::this_thread::yield();
        }
        busy_.store(false, std::memory_order_release);
        if (failed_.load(std::memory_order_acquire)) {
            std::exception_ptr e = std::move(error_);
            error_ = nullptr;
            std::rethrow_exception(e);
        }
    }

private:
    void run_share(std::size_t t) noexcept
    {
        if (t >= job_team_)
            return;
        const std::size_t begin = t * job_tasks_ / job_team_;
        const std::size_t end = (t + 1) * job_tasks_ / job_team_;
        try {
            for (std::size_t i = begin; i < end; ++i)
                job_fn_(job_ctx_, i);
        } catch (...) {
            if (!error_claimed_.exchange(true, std::memory_order_acq_rel)) {
                error_ = std::current_exception();
                failed_.store(true, std::memory_order_release);
            }
        }
    }

    void worker_loop(const std::stop_token& st, std::size_t w) noexcept
    {
        // Generation 0 is the one at construction: a job posted before this thread got here still counts.
        std::uint32_t seen = 0;
        for (;;) {
            std::uint32_t g = wait_for_job(seen);
            seen = g;
            if (st.stop_requested())
                return;
            run_share(w);
            remaining_.fetch_sub(1, std::memory_order_acq_rel);
        }
    }

    std::uint32_t wait_for_job(std::uint32_t seen) noexcept
    {
        using clock = std::chrono::steady_clock;
        const auto deadline = clock::now() + spin_;
        for (unsigned i = 1;; ++i) {
            const std::uint32_t g = generation_.load(std::memory_order_acquire);
            if (g != seen)
                return g;
            detail::cpu_relax();
            if (i % 256 == 0 && clock::now() >= deadline)
                break;
        }
        // Dekker-style handshake with parallel_for: announce sleeping, then re-check before waiting.
        sleepers_.fetch_add(1, std::memory_order_seq_cst);
        std::uint32_t g = generation_.load(std::memory_order_seq_cst);
        while (g == seen) {
            generation_.wait(seen, std::memory_order_acquire);
            g = generation_.load(std::memory_order_acquire);
        }
        sleepers_.fetch_sub(1, std::memory_order_relaxed);
        return g;
    }

    std::size_t size_;
    std::chrono::microseconds spin_;

    // Job description: written by the caller before the generation bump (release), read by workers after.
    void (*job_fn_)(void*, std::size_t) = nullptr;
    void* job_ctx_ = nullptr;
    std::size_t job_tasks_ = 0;
    std::size_t job_team_ = 0;
    std::exception_ptr error_;

    // 32 bits so that std::atomic::wait maps directly onto a futex; wrap-around is harmless.
    alignas(64) std::atomic<std::uint32_t> generation_{0};
    alignas(64) std::atomic<std::size_t> remaining_{0};
    alignas(64) std::atomic<int> sleepers_{0};
    std::atomic<bool> busy_{false};
    std::atomic<bool> failed_{false};
    std::atomic<bool> error_claimed_{false};
    std::vector<std::jthread> workers_;
};

} // namespace ctnet::kernels
