// Two independent models trained at the same time on two threads give bitwise the weights they get
// when trained one after the other: trainers share no state (each has its own pool, arena and
// streams). ThreadSanitizer runs this file (tests/run_all.sh), so the threads never call Boost.Test.
#define BOOST_TEST_MODULE two_models_at_once
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cstring>
#include <exception>
#include <thread>
#include <vector>

namespace cn = ctnet;

namespace {

// Wide enough that the first layer's GEMMs are split between each trainer's two pool threads.
using plain_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::batch_norm<>, cn::dense<300, cn::relu>,
                                 cn::dropout<0.1f>, cn::dense<10, cn::softmax>>;
// The random layers, whose draws come from per-model streams.
using stochastic_net = cn::sequential<cn::input<28, 28>, cn::flatten, cn::dense<300, cn::rrelu<>>, cn::alpha_dropout<0.1f>,
                                      cn::dense<100>, cn::batch_norm<>, cn::rrelu<0.05f, 0.4f>,
                                      cn::dense<10, cn::softmax>>;

cn::dataset samples(std::size_t n, unsigned salt)
{
    cn::dataset d;
    d.sample_shape = {28, 28};
    for (std::size_t i = 0; i < n * 784; ++i)
        d.images.push_back(static_cast<float>(((i + salt) * 2654435761u) % 1000) / 1000.0f);
    for (std::size_t i = 0; i < n; ++i)
        d.labels.push_back(static_cast<std::int32_t>((i * 7 + salt) % 10));
    return d;
}

// Trains a fresh model of type Net (one epoch, two pool threads) and returns its parameters and state.
template <class Net>
std::vector<float> trained(std::uint64_t seed, const cn::dataset& data)
{
    Net model{cn::seed{seed}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = 0.01f, .momentum = 0.9f, .nesterov = true});
    trainer.fit(data, {.epochs = 1, .batch_size = 32, .verbose = 0, .threads = 2});
    std::vector<float> w(model.parameters(), model.parameters() + Net::plan().param_floats);
    w.insert(w.end(), model.state(), model.state() + Net::plan().state_floats);
    return w;
}

bool bitwise_equal(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// Runs f and g on two threads at once; exceptions reach the caller.
template <class F, class G>
void at_once(F f, G g)
{
    std::exception_ptr ef, eg;
    std::thread tf([&] {
        try {
            f();
        } catch (...) {
            ef = std::current_exception();
        }
    });
    std::thread tg([&] {
        try {
            g();
        } catch (...) {
            eg = std::current_exception();
        }
    });
    tf.join();
    tg.join();
    if (ef)
        std::rethrow_exception(ef);
    if (eg)
        std::rethrow_exception(eg);
}

} // namespace

BOOST_AUTO_TEST_CASE(two_different_models_at_once_equal_one_after_the_other)
{
    const cn::dataset da = samples(256, 0), db = samples(256, 3);
    const std::vector<float> a_alone = trained<plain_net>(42, da);
    const std::vector<float> b_alone = trained<stochastic_net>(7, db);

    std::vector<float> a, b;
    at_once([&] { a = trained<plain_net>(42, da); }, [&] { b = trained<stochastic_net>(7, db); });
    BOOST_TEST(bitwise_equal(a, a_alone));
    BOOST_TEST(bitwise_equal(b, b_alone));
}

BOOST_AUTO_TEST_CASE(two_models_of_one_type_at_once_share_nothing)
{
    // Same type (so the same static plan and kernels), one shared read-only dataset, two seeds.
    const cn::dataset d = samples(256, 1);
    const std::vector<float> a_alone = trained<stochastic_net>(1, d);
    const std::vector<float> b_alone = trained<stochastic_net>(2, d);
    BOOST_TEST(!bitwise_equal(a_alone, b_alone));

    std::vector<float> a, b;
    at_once([&] { a = trained<stochastic_net>(1, d); }, [&] { b = trained<stochastic_net>(2, d); });
    BOOST_TEST(bitwise_equal(a, a_alone));
    BOOST_TEST(bitwise_equal(b, b_alone));
}
