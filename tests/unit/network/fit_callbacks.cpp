// Callbacks through a real fit (the callbacks' own rules are tested against Keras in
// tests/unit/callbacks): the order of the hooks, early_stopping ending the fit and restoring the
// best epoch's weights and moving statistics, reduce_lr_on_plateau changing the rate the steps use
// and history.learning_rate, a schedule refusing it, terminate_on_nan turning a refused step into
// a normal end, csv_logger's file.
#define BOOST_TEST_MODULE fit_callbacks
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

namespace cn = ctnet;

using net = cn::sequential<cn::input<8>, cn::batch_norm<>, cn::dense<16, cn::relu>, cn::dense<3, cn::softmax>>;
constexpr auto& P = net::plan();

cn::dataset samples(std::size_t n) {
    cn::dataset d;
    d.sample_shape = {8};
    for (std::size_t i = 0; i < n * 8; ++i) d.images.push_back(static_cast<float>((i * 2654435761u) % 997) / 500.0f - 1.0f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>((i * 7) % 3));
    return d;
}

std::vector<float> weights_of(const net& m) {
    std::vector<float> all(m.parameters(), m.parameters() + P.param_floats);
    all.insert(all.end(), m.state(), m.state() + P.state_floats);
    return all;
}

// Records the hooks' order, writes a scripted val_loss for the callbacks after it, and keeps each
// epoch's weights.
struct recorder {
    std::vector<double> script;
    std::vector<std::string> calls{};
    std::vector<std::vector<float>> weights{};
    void on_train_begin(const cn::logs&, cn::training_control&) { calls.push_back("train_begin"); }
    void on_epoch_begin(std::size_t e, cn::training_control&) { calls.push_back("begin " + std::to_string(e)); }
    void on_epoch_end(std::size_t e, cn::logs& l, cn::training_control& t) {
        calls.push_back("end " + std::to_string(e));
        if (e < script.size()) l.set("val_loss", script[e]);
        weights.push_back(t.get_weights());
    }
    void on_train_end(const cn::logs&, cn::training_control&) { calls.push_back("train_end"); }
};

BOOST_AUTO_TEST_CASE(early_stopping_ends_the_fit_and_restores_the_best_epoch) {
    const cn::dataset data = samples(64);
    net model{cn::seed{3}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.05f});
    // Best at epoch 1; patience 2 stops after epoch 3 (Keras: wait reaches 2 at epoch 3).
    recorder r{.script = {1.0, 0.5, 0.6, 0.7, 0.4, 0.3}};
    cn::early_stopping es{.monitor = "val_loss", .patience = 2, .restore_best_weights = true};
    const auto h = trainer.fit(data, {.epochs = 6, .batch_size = 16, .callbacks = {std::ref(r), std::ref(es)}, .verbose = 0});
    BOOST_TEST(h.loss.size() == 4u);
    BOOST_TEST(es.stopped_epoch == 3u);
    BOOST_TEST(es.best_epoch == 1u);
    BOOST_TEST((r.calls == std::vector<std::string>{"train_begin", "begin 0", "end 0", "begin 1", "end 1", "begin 2",
                                                    "end 2", "begin 3", "end 3", "train_end"}));
    BOOST_REQUIRE(r.weights.size() == 4u);
    const auto now = weights_of(model);
    BOOST_TEST(std::memcmp(now.data(), r.weights[1].data(), now.size() * sizeof(float)) == 0);  // epoch 1's, bitwise
    BOOST_TEST(std::memcmp(now.data(), r.weights[3].data(), now.size() * sizeof(float)) != 0);
    BOOST_TEST(trainer.iterations() == 4u * 4u);  // the steps were taken; only the weights went back
}

// A callback given by value is a copy: the caller's object is untouched, the copy does the work.
BOOST_AUTO_TEST_CASE(a_callback_by_value_works_on_its_copy) {
    const cn::dataset data = samples(32);
    net model{cn::seed{3}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::sgd{});
    recorder r{.script = {1.0, 1.0, 1.0, 1.0}};
    cn::early_stopping es{.patience = 1};
    const auto h = trainer.fit(data, {.epochs = 4, .batch_size = 16, .callbacks = {std::ref(r), es}, .verbose = 0});
    BOOST_TEST(h.loss.size() == 2u);  // stopped by the copy
    BOOST_TEST(es.stopped_epoch == 0u);
}

BOOST_AUTO_TEST_CASE(reduce_lr_on_plateau_changes_the_rate_of_the_next_steps) {
    const cn::dataset data = samples(32);
    // The same training twice: reduced by reduce_lr_on_plateau, and by a learning_rate_scheduler
    // that sets the rates Keras's rule gives, the same steps bitwise.
    net a{cn::seed{5}}, b{cn::seed{5}};
    auto ta = cn::compile(a, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f});
    auto tb = cn::compile(b, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f});
    recorder r{.script = {1.0, 1.0, 1.0, 1.0}};
    const auto h = ta.fit(data, {.epochs = 4, .batch_size = 16,
                                 .callbacks = {std::ref(r), cn::reduce_lr_on_plateau{.factor = 0.5, .patience = 0}},
                                 .verbose = 0});
    // Epoch 0 sets best; epochs 1, 2, 3 do not improve: halved at each of their ends. The history
    // holds the rate each epoch ran at (Keras logs it before reducing).
    BOOST_TEST(h.learning_rate == (std::vector<double>{0.1f, 0.1f, 0.05f, 0.025f}), boost::test_tools::per_element());
    const auto rates = [](std::size_t epoch, double) { return epoch < 2 ? 0.1 : epoch == 2 ? double(0.05f) : double(0.025f); };
    tb.fit(data, {.epochs = 4, .batch_size = 16, .callbacks = {cn::learning_rate_scheduler{rates}}, .verbose = 0});
    BOOST_TEST(std::memcmp(a.parameters(), b.parameters(), P.param_floats * sizeof(float)) == 0);
}

BOOST_AUTO_TEST_CASE(a_schedule_cannot_be_reduced) {
    const cn::dataset data = samples(32);
    net model{cn::seed{5}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{},
                               cn::sgd{.learning_rate = cn::exponential_decay{.initial_learning_rate = 0.1f,
                                                                              .decay_steps = 10, .decay_rate = 0.5f}});
    recorder r{.script = {1.0, 1.0}};
    BOOST_CHECK_THROW(trainer.fit(data, {.epochs = 2, .batch_size = 16,
                                         .callbacks = {std::ref(r), cn::reduce_lr_on_plateau{.patience = 0}}, .verbose = 0}),
                      std::logic_error);
    // history.learning_rate follows the schedule: the rate of each epoch's last step (iterations 1
    // and 3 of 2 steps an epoch), 0.1 * 0.5^(iteration / 10).
    net m2{cn::seed{5}};
    auto t2 = cn::compile(m2, cn::sparse_categorical_crossentropy{},
                          cn::sgd{.learning_rate = cn::exponential_decay{.initial_learning_rate = 0.1f,
                                                                         .decay_steps = 10, .decay_rate = 0.5f}});
    const auto h = t2.fit(data, {.epochs = 2, .batch_size = 16, .verbose = 0});
    BOOST_TEST(h.learning_rate[0] == 0.1 * std::pow(0.5, 0.1), boost::test_tools::tolerance(1e-6));
    BOOST_TEST(h.learning_rate[1] == 0.1 * std::pow(0.5, 0.3), boost::test_tools::tolerance(1e-6));
}

BOOST_AUTO_TEST_CASE(terminate_on_nan_ends_the_fit_instead_of_throwing) {
    const cn::dataset data = samples(64);
    // A rate that makes the loss overflow within a few steps.
    const cn::sgd wild{.learning_rate = 1e8f};
    {
        net model{cn::seed{7}};
        auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, wild);
        BOOST_CHECK_THROW(trainer.fit(data, {.epochs = 5, .batch_size = 8, .verbose = 0}), std::runtime_error);
    }
    net model{cn::seed{7}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, wild);
    recorder r{};
    const auto h = trainer.fit(data, {.epochs = 5, .batch_size = 8, .callbacks = {cn::terminate_on_nan{}, std::ref(r)},
                                      .verbose = 0});
    BOOST_TEST(h.loss.size() >= 1u);
    BOOST_TEST(h.loss.size() < 5u);
    BOOST_TEST(r.calls.back() == "train_end");
    BOOST_TEST(r.calls[r.calls.size() - 2] == "end " + std::to_string(h.loss.size() - 1));  // the epoch still ends
    // The refused step changed nothing: the model is what the last epoch-end saw.
    const auto now = weights_of(model);
    BOOST_TEST(std::memcmp(now.data(), r.weights.back().data(), now.size() * sizeof(float)) == 0);
    for (float v : now) BOOST_TEST_REQUIRE(std::isfinite(v));
}

BOOST_AUTO_TEST_CASE(csv_logger_writes_one_row_an_epoch) {
    const cn::dataset data = samples(32);
    net model{cn::seed{5}};
    auto trainer = cn::compile(model, cn::sparse_categorical_crossentropy{}, cn::adam{});
    const std::string file = "fit_callbacks_history.csv";
    std::remove(file.c_str());
    const auto h = trainer.fit(data, {.epochs = 3, .batch_size = 16, .validation = data,
                                      .callbacks = {cn::csv_logger{file}}, .verbose = 0});
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    BOOST_REQUIRE(lines.size() == 4u);
    BOOST_TEST(lines[0] == "epoch,accuracy,loss,val_accuracy,val_loss\r");  // Keras's columns, sorted
    BOOST_TEST(lines[3].rfind("2,", 0) == 0u);
    std::remove(file.c_str());
    BOOST_TEST(h.learning_rate.size() == 3u);
}
