// Training checkpoints: a fit stopped, saved (trainer.save_checkpoint), loaded into a fresh trainer
// and model and fitted on is bitwise the fit that never stopped; a file that does not fit changes
// nothing. model_checkpoint in fit: each epoch's file, and save_best_only's file holding the best
// epoch's weights.
#define BOOST_TEST_MODULE checkpoints
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "../callbacks/fake_training_control.hpp"
#include "../io/io_test_files.hpp"

#include <cmath>
#include <functional>
#include <string>
#include <vector>

namespace cn = ctnet;

namespace {

// Every random stream and state kind a resume must carry: dropout (masks keyed by seed and step),
// batch norms (moving statistics), Adam (two slots and the step count in its bias correction),
// shuffling (keyed by the epochs done), a learning-rate schedule (keyed by the step).
using net = cn::sequential<cn::input<10>, cn::batch_norm<>, cn::dense<16, cn::relu>, cn::dropout<0.25f>, cn::dense<12>,
                           cn::batch_norm<>, cn::relu, cn::dense<3, cn::softmax>>;

cn::dataset samples(std::size_t n, std::size_t salt = 0) {
    cn::dataset d;
    d.sample_shape = {10};
    for (std::size_t i = 0; i < n * 10; ++i)
        d.images.push_back(static_cast<float>(((i + salt) * 2654435761u) % 997) / 400.0f - 1.2f);
    for (std::size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<std::int32_t>(((i + salt) * 7) % 3));
    return d;
}

const cn::adam optimizer{.learning_rate = cn::exponential_decay{.initial_learning_rate = 0.01f, .decay_steps = 5,
                                                                .decay_rate = 0.9f}};
const cn::fit_options options{.epochs = 2, .batch_size = 16, .verbose = 0};

std::vector<float> params_of(const net& m) { return {m.parameters(), m.parameters() + net::plan().param_floats}; }
std::vector<float> state_of(const net& m) { return {m.state(), m.state() + net::plan().state_floats}; }

template <class Trainer>
std::vector<float> slot(const Trainer& t, std::size_t i) {
    const auto s = t.optimizer_state(i);
    return {s.begin(), s.end()};
}

} // namespace

BOOST_AUTO_TEST_CASE(a_resumed_fit_is_bitwise_the_fit_that_never_stopped) {
    io_test::scratch_dir dir;
    const auto data = samples(100);  // 7 steps an epoch, the last one short
    net straight{cn::seed{21}};
    auto ts = cn::compile(straight, cn::sparse_categorical_crossentropy{}, optimizer);
    ts.fit(data, options);
    ts.fit(data, options);
    ts.save_checkpoint(dir.path / "straight.safetensors");

    net first{cn::seed{21}};
    auto t1 = cn::compile(first, cn::sparse_categorical_crossentropy{}, optimizer);
    t1.fit(data, options);
    t1.save_checkpoint(dir.path / "half.safetensors");

    net resumed{cn::seed{99}};  // another seed and other weights: the checkpoint holds them all
    auto t2 = cn::compile(resumed, cn::sparse_categorical_crossentropy{}, optimizer);
    t2.load_checkpoint(dir.path / "half.safetensors");
    BOOST_TEST(t2.iterations() == t1.iterations());
    BOOST_TEST(resumed.seed_value() == 21u);
    t2.fit(data, options);

    BOOST_TEST(params_of(resumed) == params_of(straight));
    BOOST_TEST(state_of(resumed) == state_of(straight));
    BOOST_TEST(slot(t2, 0) == slot(ts, 0));
    BOOST_TEST(slot(t2, 1) == slot(ts, 1));
    BOOST_TEST(t2.iterations() == ts.iterations());
    t2.save_checkpoint(dir.path / "resumed.safetensors");
    BOOST_TEST(cn::safetensors::read_bytes(dir.path / "resumed.safetensors") ==
               cn::safetensors::read_bytes(dir.path / "straight.safetensors"));
}

BOOST_AUTO_TEST_CASE(the_rate_a_callback_set_is_resumed) {
    io_test::scratch_dir dir;
    net m{cn::seed{3}};
    auto t = cn::compile(m, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    // A learning_rate_scheduler halving the rate each epoch.
    auto halve = cn::learning_rate_scheduler{[](std::size_t, double lr) { return lr / 2; }};
    t.fit(samples(48), {.epochs = 3, .batch_size = 16, .callbacks = {halve}, .verbose = 0});
    t.save_checkpoint(dir.path / "c.safetensors");
    net n{cn::seed{3}};
    auto u = cn::compile(n, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.1f, .momentum = 0.9f});
    u.load_checkpoint(dir.path / "c.safetensors");
    const auto h1 = t.fit(samples(48), {.epochs = 1, .batch_size = 16, .verbose = 0});
    const auto h2 = u.fit(samples(48), {.epochs = 1, .batch_size = 16, .verbose = 0});
    BOOST_TEST(h1.learning_rate == h2.learning_rate, boost::test_tools::per_element());
    BOOST_TEST(h2.learning_rate[0] == static_cast<double>(0.1f / 8));
    BOOST_TEST(params_of(n) == params_of(m));
}

BOOST_AUTO_TEST_CASE(a_file_that_does_not_fit_changes_nothing) {
    io_test::scratch_dir dir;
    net m{cn::seed{5}};
    auto t = cn::compile(m, cn::sparse_categorical_crossentropy{}, optimizer);
    t.fit(samples(32), options);
    t.save_checkpoint(dir.path / "adam.safetensors");
    m.save_weights(dir.path / "weights.safetensors");

    net other{cn::seed{6}};
    auto sgd_trainer = cn::compile(other, cn::sparse_categorical_crossentropy{}, cn::sgd{.learning_rate = 0.01f});
    const auto before = params_of(other);
    auto error_of = [&](const std::filesystem::path& f) -> std::string {
        try {
            sgd_trainer.load_checkpoint(f);
        } catch (const cn::file_error& e) {
            return e.what();
        }
        return "no error";
    };
    // Plain SGD keeps no slot; Adam's checkpoint has two.
    const std::string slots = error_of(dir.path / "adam.safetensors");
    BOOST_TEST(slots.find("adam.safetensors") != std::string::npos);
    BOOST_TEST(slots.find("holds 2 optimizer slot(s); this trainer's optimizer keeps 0") != std::string::npos, slots);
    const std::string weights = error_of(dir.path / "weights.safetensors");
    BOOST_TEST(weights.find("not a ctnet training checkpoint") != std::string::npos, weights);
    BOOST_TEST(params_of(other) == before);
    BOOST_TEST(sgd_trainer.iterations() == 0u);
    BOOST_TEST(other.seed_value() == 6u);

    // A truncated checkpoint: refused, nothing changed.
    auto bytes = cn::safetensors::read_bytes(dir.path / "adam.safetensors");
    bytes.resize(bytes.size() - 4);
    std::ofstream(dir.path / "cut.safetensors", std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    net third{cn::seed{7}};
    auto t3 = cn::compile(third, cn::sparse_categorical_crossentropy{}, optimizer);
    const auto third_before = params_of(third);
    BOOST_CHECK_THROW(t3.load_checkpoint(dir.path / "cut.safetensors"), cn::file_error);
    BOOST_TEST(params_of(third) == third_before);
    BOOST_TEST(t3.iterations() == 0u);
}

// fit with validation: model_checkpoint writes each epoch's file, or with save_best_only the best
// epoch's weights, by val_loss; a recording callback keeps every epoch's weights to compare with.
struct record_weights {
    std::vector<std::vector<float>> per_epoch;
    void on_epoch_end(std::size_t, cn::logs&, cn::training_control& t) { per_epoch.push_back(t.get_weights()); }
};

BOOST_AUTO_TEST_CASE(model_checkpoint_in_fit) {
    io_test::scratch_dir dir;
    net m{cn::seed{8}};
    auto t = cn::compile(m, cn::sparse_categorical_crossentropy{}, cn::adam{.learning_rate = 0.05f});
    const auto valid = samples(40, 5);
    cn::model_checkpoint every{.filepath = (dir.path / "every-{epoch:02d}-{val_loss:.3f}.safetensors").string(),
                               .save_weights_only = true};
    cn::model_checkpoint best{.filepath = (dir.path / "best.safetensors").string(), .save_best_only = true,
                              .save_weights_only = true};
    cn::model_checkpoint state{.filepath = (dir.path / "state.safetensors").string()};
    record_weights rec;
    const auto h = t.fit(samples(96), {.epochs = 6, .batch_size = 16, .validation = valid,
                                       .callbacks = {std::ref(every), std::ref(best), std::ref(state), std::ref(rec)},
                                       .verbose = 0});
    BOOST_TEST_REQUIRE(every.saved.size() == 6u);
    char name[64];
    std::snprintf(name, sizeof name, "every-03-%.3f.safetensors", h.val_loss[2]);
    BOOST_TEST(every.saved[2].filename().string() == name);
    const std::size_t floats = net::plan().param_floats;
    for (std::size_t e = 0; e < 6; ++e) {
        net from_file{cn::seed{1}};
        from_file.load_weights(every.saved[e]);
        BOOST_TEST(std::equal(from_file.parameters(), from_file.parameters() + floats, rec.per_epoch[e].begin()), "epoch " << e);
    }
    // The best epoch: the first with the lowest val_loss (a tie is not an improvement).
    std::size_t best_epoch = 0;
    for (std::size_t e = 1; e < 6; ++e)
        if (static_cast<float>(h.val_loss[e]) < static_cast<float>(h.val_loss[best_epoch])) best_epoch = e;
    std::size_t improvements = 1;
    for (std::size_t e = 1, b = 0; e < 6; ++e)
        if (static_cast<float>(h.val_loss[e]) < static_cast<float>(h.val_loss[b])) {
            b = e;
            ++improvements;
        }
    BOOST_TEST(best.saved.size() == improvements);
    BOOST_TEST(*best.best == h.val_loss[best_epoch]);
    net from_best{cn::seed{1}};
    from_best.load_weights(dir.path / "best.safetensors");
    BOOST_TEST(std::equal(from_best.parameters(), from_best.parameters() + floats, rec.per_epoch[best_epoch].begin()));
    // save_weights_only = false: the whole training state, which resumes.
    net resumed{cn::seed{1}};
    auto u = cn::compile(resumed, cn::sparse_categorical_crossentropy{}, cn::adam{.learning_rate = 0.05f});
    u.load_checkpoint(dir.path / "state.safetensors");
    BOOST_TEST(u.iterations() == t.iterations());
    BOOST_TEST(params_of(resumed) == params_of(m));
}

BOOST_AUTO_TEST_CASE(model_checkpoint_paths_and_choices_as_keras_makes_them) {
    cn::logs l;
    l.set("loss", 0.5);
    l.set("val_loss", 0.123456);
    l.set("val_accuracy", 0.875);
    using cn::detail::format_checkpoint_path;
    BOOST_TEST(format_checkpoint_path("m-{epoch:02d}-{val_loss:.2f}.st", 2, l) == "m-03-0.12.st");
    BOOST_TEST(format_checkpoint_path("{epoch}_{val_accuracy}_{loss:.1e}", 9, l) == "10_0.875_5.0e-01");
    BOOST_TEST(format_checkpoint_path("{{epoch}}/{epoch:3d}", 0, l) == "{epoch}/  1");
    BOOST_CHECK_THROW(format_checkpoint_path("{val_acc:.2f}", 0, l), std::invalid_argument);
    BOOST_CHECK_THROW(format_checkpoint_path("{epoch:x}", 0, l), std::invalid_argument);
    BOOST_CHECK_THROW(format_checkpoint_path("{epoch", 0, l), std::invalid_argument);

    // save_best_only on a scripted val_loss sequence, driven as fit drives it (Keras 3's
    // MonitorCallback: the first value saves, then only a strictly lower one; NaN never after).
    ctnet_test::fake_training_control control;
    cn::model_checkpoint mc{.filepath = "f", .save_best_only = true, .save_weights_only = true};
    cn::any_callback cb = std::ref(mc);
    cb.on_train_begin(cn::logs{}, control);
    const double nan = std::nan("");
    const std::vector<double> seq{1.0, 0.8, 0.8, nan, 0.9, 0.7, 0.75};
    std::vector<std::size_t> saved_at;
    for (std::size_t e = 0; e < seq.size(); ++e) {
        cn::logs epoch_logs;
        epoch_logs.set("val_loss", seq[e]);
        const std::size_t before = control.saved_weights.size();
        cb.on_epoch_end(e, epoch_logs, control);
        if (control.saved_weights.size() > before) saved_at.push_back(e);
    }
    BOOST_TEST(saved_at == (std::vector<std::size_t>{0, 1, 5}), boost::test_tools::per_element());
    // initial_value_threshold: nothing is saved until it is beaten; a missing monitor saves anyway.
    cn::model_checkpoint th{.filepath = "f", .save_best_only = true, .save_weights_only = true, .initial_value_threshold = 0.85};
    cn::any_callback cb2 = std::ref(th);
    cb2.on_train_begin(cn::logs{}, control);
    control.saved_weights.clear();
    cn::logs high, low, none;
    high.set("val_loss", 0.9);
    low.set("val_loss", 0.8);
    none.set("loss", 0.1);
    cb2.on_epoch_end(0, high, control);
    BOOST_TEST(control.saved_weights.empty());
    cb2.on_epoch_end(1, low, control);
    BOOST_TEST(control.saved_weights.size() == 1u);
    cb2.on_epoch_end(2, none, control);
    BOOST_TEST(control.saved_weights.size() == 2u);
    cn::model_checkpoint bad{.filepath = "f", .monitor = "val_auc"};
    cn::any_callback cb3 = std::ref(bad);
    BOOST_CHECK_THROW(cb3.on_train_begin(cn::logs{}, control), std::invalid_argument);
}
