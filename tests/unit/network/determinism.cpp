// One seed, one result: the same seed gives bitwise the same weights and the same training run,
// and a run on two threads is bitwise the run on one (threads split only GEMM output columns,
// and every reduction has a fixed order).
#define BOOST_TEST_MODULE determinism
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <vector>

namespace cn = ctnet;

// Big enough that the GEMMs of the first layer cross the size at which the pool splits them.
using net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                           cn::batch_norm<>, cn::dropout<0.1f>, cn::dense<100, cn::elu<>>, cn::dense<10, cn::softmax>>;

// rrelu (slopes drawn per row and unit, rows split between threads) and alpha dropout (mask the same
// way), wide enough that those passes are split between two threads at both batch sizes.
using stochastic_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::rrelu<>>, cn::alpha_dropout<0.1f>,
                                      cn::dense<100>, cn::batch_norm<>, cn::rrelu<0.05f, 0.4f>, cn::alpha_dropout<0.2f>,
                                      cn::dense<10, cn::softmax>>;

cn::dataset samples(std::size_t n) {
    cn::dataset d;
    d.sample_shape = {28, 28};
    for (std::size_t i = 0; i < n * 784; ++i) d.images.push_back(static_cast<float>((i * 2654435761u) % 1000) / 1000.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 10));
    return d;
}

template <class Net = net>
std::vector<float> trained(std::uint64_t seed, std::size_t threads, std::size_t batch) {
    Net model{cn::seed{seed}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    trainer.fit(samples(512), {.epochs = 2, .batch_size = batch, .verbose = 0, .threads = threads});
    std::vector<float> w(model.parameters(), model.parameters() + Net::plan().param_floats);
    w.insert(w.end(), model.state(), model.state() + Net::plan().state_floats);
    return w;
}

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

BOOST_AUTO_TEST_CASE(same_seed_same_weights) {
    net a{cn::seed{42}}, b{cn::seed{42}}, c{cn::seed{43}};
    const std::size_t n = net::plan().param_floats;
    BOOST_TEST(std::memcmp(a.parameters(), b.parameters(), n * sizeof(float)) == 0);
    BOOST_TEST(std::memcmp(a.parameters(), c.parameters(), n * sizeof(float)) != 0);
}

BOOST_AUTO_TEST_CASE(same_seed_same_run) {
    BOOST_TEST(bitwise_equal(trained(42, 1, 32), trained(42, 1, 32)));
    BOOST_TEST(!bitwise_equal(trained(42, 1, 32), trained(43, 1, 32)));
}

BOOST_AUTO_TEST_CASE(thread_count_does_not_change_the_run) {
    // More threads than this machine's cores too: the GEMMs' column panels and the passes' rows are
    // split differently for each count, and no sum depends on the split.
    for (const std::size_t batch : {32u, 256u}) {
        const auto one = trained(42, 1, batch);
        for (const std::size_t threads : {2u, 3u, 4u, 7u}) {
            BOOST_TEST_INFO("batch " << batch << ", " << threads << " threads");
            BOOST_TEST(bitwise_equal(one, trained(42, threads, batch)));
        }
    }
    BOOST_TEST(bitwise_equal(trained(42, 1, 32), trained(42, 0, 32)));  // 0: every hardware thread
}

BOOST_AUTO_TEST_CASE(two_fits_of_one_epoch_are_one_fit_of_two) {
    // Each epoch's shuffle is keyed by its number over all of the trainer's fits, so an epoch-by-epoch
    // loop (early stopping or checkpoints by hand) trains on a new order each epoch.
    net model{cn::seed{42}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    trainer.fit(samples(512), {.epochs = 1, .batch_size = 32, .verbose = 0});
    trainer.fit(samples(512), {.epochs = 1, .batch_size = 32, .verbose = 0});
    std::vector<float> w(model.parameters(), model.parameters() + net::plan().param_floats);
    w.insert(w.end(), model.state(), model.state() + net::plan().state_floats);
    BOOST_TEST(bitwise_equal(w, trained(42, 1, 32)));  // trained: one fit of two epochs
}

BOOST_AUTO_TEST_CASE(rrelu_and_alpha_dropout_runs_do_not_depend_on_threads) {
    BOOST_TEST(bitwise_equal(trained<stochastic_net>(42, 1, 32), trained<stochastic_net>(42, 1, 32)));
    BOOST_TEST(!bitwise_equal(trained<stochastic_net>(42, 1, 32), trained<stochastic_net>(43, 1, 32)));
    BOOST_TEST(bitwise_equal(trained<stochastic_net>(42, 1, 32), trained<stochastic_net>(42, 2, 32)));
    BOOST_TEST(bitwise_equal(trained<stochastic_net>(42, 1, 256), trained<stochastic_net>(42, 2, 256)));
}

BOOST_AUTO_TEST_CASE(a_copy_is_a_value) {
    net a{cn::seed{5}};
    net b = a;
    b.parameters()[0] += 1.0f;
    BOOST_TEST(a.parameters()[0] != b.parameters()[0]);
}
