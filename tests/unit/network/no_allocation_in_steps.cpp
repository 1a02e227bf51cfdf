// A training step allocates nothing: fitting an epoch of many steps allocates exactly as often as
// fitting an epoch of a few (buffers are made once per batch size; only per-epoch bookkeeping
// such as the history and the shuffle order allocates).
#define BOOST_TEST_MODULE no_allocation_in_steps
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include <allocation_counter.hpp>

namespace cn = ctnet;

using net = cn::sequential<cn::input<20>, cn::batch_norm<>, cn::dense<16, cn::relu>, cn::batch_norm<>,
                           cn::dropout<0.2f>, cn::dense<8, cn::tanh, cn::l2<0.01f>, cn::max_norm<2>>,
                           cn::dense<4, cn::softmax>>;

// rrelu and alpha dropout draw into stack blocks; at batch 8 the 512-unit passes (4096 floats)
// are split between two threads.
using stochastic_net = cn::sequential<cn::input<20>, cn::dense<512, cn::rrelu<>>, cn::alpha_dropout<0.2f>,
                                      cn::dense<16>, cn::batch_norm<>, cn::rrelu<0.1f, 0.3f>, cn::dense<4, cn::softmax>>;

cn::dataset samples(std::size_t n) {
    cn::dataset d;
    d.sample_shape = {20};
    for (std::size_t i = 0; i < n * 20; ++i) d.images.push_back(static_cast<float>(i % 17) / 17.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>(i % 4));
    return d;
}

template <class Net = net>
std::size_t allocations_of_one_epoch(std::size_t n, std::size_t threads) {
    Net model{cn::seed{3}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    const auto data = samples(n);
    trainer.fit(data, {.epochs = 1, .batch_size = 8, .verbose = 0, .threads = threads});  // makes the buffers
    const std::size_t before = allocations.load();
    trainer.fit(data, {.epochs = 1, .batch_size = 8, .verbose = 0, .threads = threads});
    return allocations.load() - before;
}

BOOST_AUTO_TEST_CASE(steps_do_not_allocate) {
    for (std::size_t threads : {1u, 2u}) {
        const std::size_t few = allocations_of_one_epoch(16, threads);    // 2 steps
        const std::size_t many = allocations_of_one_epoch(800, threads);  // 100 steps
        BOOST_TEST(few == many, threads << " thread(s): " << few << " allocations for 2 steps, " << many
                                        << " for 100");
        BOOST_TEST(few > 0u);  // the counter works: per-epoch bookkeeping does allocate
    }
}

BOOST_AUTO_TEST_CASE(rrelu_and_alpha_dropout_steps_do_not_allocate) {
    for (std::size_t threads : {1u, 2u}) {
        const std::size_t few = allocations_of_one_epoch<stochastic_net>(16, threads);
        const std::size_t many = allocations_of_one_epoch<stochastic_net>(800, threads);
        BOOST_TEST(few == many, threads << " thread(s): " << few << " allocations for 2 steps, " << many
                                        << " for 100");
        BOOST_TEST(few > 0u);
    }
}
