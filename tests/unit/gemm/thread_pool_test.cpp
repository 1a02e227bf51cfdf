// ctnet::kernels::thread_pool: coverage, static partition, exceptions, reentrancy and many quick calls.
// Tasks never call Boost.Test (it is not thread-safe; ThreadSanitizer runs this file): they write to
// per-task slots or atomics, and the checks run on the main thread after parallel_for returns.
#define BOOST_TEST_MODULE thread_pool
#include <ctnet/kernels/thread_pool.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace k = ctnet::kernels;

BOOST_AUTO_TEST_CASE(default_size_is_every_hardware_thread)
{
    BOOST_TEST(k::thread_pool::default_size() == std::max(std::thread::hardware_concurrency(), 1u));
    k::thread_pool pool;
    BOOST_TEST(pool.size() == k::thread_pool::default_size());
    BOOST_TEST(k::thread_pool(0).size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_task_once_with_the_static_partition)
{
    for (const std::size_t threads : {1u, 2u, 3u}) {
        k::thread_pool pool(threads);
        for (const std::size_t n : {0u, 1u, 2u, 3u, 5u, 64u, 1000u}) {
            std::vector<std::thread::id> who(n);
            std::vector<int> hits(n, 0);
            pool.parallel_for(n, [&](std::size_t i) {
                ++hits[i];
                who[i] = std::this_thread::get_id();
            });
            for (std::size_t i = 0; i < n; ++i)
                BOOST_TEST(hits[i] == 1);
            // Contiguous blocks [t n / T, (t + 1) n / T): the first block is the caller's, blocks differ by thread.
            const std::size_t team = std::min(threads, n);
            for (std::size_t t = 0; t < team; ++t) {
                const std::size_t b = t * n / team, e = (t + 1) * n / team;
                for (std::size_t i = b; i < e; ++i)
                    BOOST_TEST((who[i] == who[b]));
                if (t == 0 && e > b)
                    BOOST_TEST((who[b] == std::this_thread::get_id()));
                if (t > 0 && e > b)
                    BOOST_TEST((who[b] != who[0]));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(many_quick_calls_and_sleeping_workers)
{
    k::thread_pool pool(2, std::chrono::microseconds{50});
    std::atomic<long> sum{0};
    for (int round = 0; round < 20000; ++round)
        pool.parallel_for(2, [&](std::size_t i) { sum.fetch_add(static_cast<long>(i) + 1); });
    BOOST_TEST(sum.load() == 3L * 20000);
    // Let the worker fall asleep, then wake it.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pool.parallel_for(2, [&](std::size_t i) { sum.fetch_add(static_cast<long>(i) + 1); });
    BOOST_TEST(sum.load() == 3L * 20001);
}

BOOST_AUTO_TEST_CASE(exceptions_reach_the_caller_and_the_pool_survives)
{
    k::thread_pool pool(2);
    for (const std::size_t thrower : {0u, 1u}) {
        BOOST_CHECK_THROW(pool.parallel_for(2,
                                            [&](std::size_t i) {
                                                if (i == thrower)
                                                    throw std::runtime_error("task");
                                            }),
                          std::runtime_error);
        int ran = 0;
        pool.parallel_for(2, [&](std::size_t) { std::atomic_ref<int>(ran).fetch_add(1); });
        BOOST_TEST(ran == 2);
    }
}

BOOST_AUTO_TEST_CASE(nested_calls_run_inline)
{
    // Boost.Test is not thread-safe: the tasks only record what they saw, each outer task in its own
    // slot, and the assertions run on this thread after parallel_for has returned.
    k::thread_pool pool(2);
    std::atomic<int> inner{0};
    std::vector<int> inner_elsewhere(2, -1);
    pool.parallel_for(2, [&](std::size_t outer) {
        const auto me = std::this_thread::get_id();
        int elsewhere = 0;
        pool.parallel_for(4, [&](std::size_t) {
            elsewhere += std::this_thread::get_id() != me;
            inner.fetch_add(1);
        });
        inner_elsewhere[outer] = elsewhere;
    });
    BOOST_TEST(inner.load() == 8);
    BOOST_TEST(inner_elsewhere[0] == 0);
    BOOST_TEST(inner_elsewhere[1] == 0);
}
