// csv_logger driven through any_callback as fit drives it, with a fake training_control: Keras
// 3.15 CSVLogger's header (epoch, sorted keys, val_ columns added without validation), NA for a
// missing key, append mode with the header once, the file complete after each epoch, the same
// text as history::to_csv, and an unwritable file refused at on_train_begin.
#define BOOST_TEST_MODULE csv_logger
#include <boost/test/unit_test.hpp>

#include <ctnet/train/callbacks/csv_logger.hpp>
#include <ctnet/train/history.hpp>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "history_test_files.hpp"

using ctnet_test::read_all;
using ctnet_test::scratch_dir;

namespace {

struct fake_control final : ctnet::training_control {
    void stop_training() override {}
    float learning_rate() const override { return 0.01f; }
    void set_learning_rate(float) override {}
    std::vector<float> get_weights() const override { return {}; }
    void set_weights(std::span<const float>) override {}
    std::size_t iterations() const override { return 0; }
    void save_weights(const std::filesystem::path&) const override {}
    void save_checkpoint(const std::filesystem::path&) const override {}
};

// fit's logs for one epoch, in fit's order.
ctnet::logs epoch_logs(double loss, double accuracy, std::optional<double> val_loss = {},
                       std::optional<double> val_accuracy = {}) {
    ctnet::logs l;
    l.set("loss", loss);
    l.set("accuracy", accuracy);
    if (val_loss) l.set("val_loss", *val_loss);
    if (val_accuracy) l.set("val_accuracy", *val_accuracy);
    return l;
}

// One fit of `epochs` epochs through `cb`, returning the file's text after each epoch's end.
std::vector<std::string> run(ctnet::any_callback cb, const std::filesystem::path& file, const std::vector<ctnet::logs>& per_epoch) {
    fake_control t;
    std::vector<std::string> after;
    cb.on_train_begin(ctnet::logs{}, t);
    for (std::size_t e = 0; e < per_epoch.size(); ++e) {
        cb.on_epoch_begin(e, t);
        ctnet::logs l = per_epoch[e];
        cb.on_epoch_end(e, l, t);
        after.push_back(read_all(file));  // on disk now, before the next epoch
    }
    cb.on_train_end(per_epoch.empty() ? ctnet::logs{} : per_epoch.back(), t);
    return after;
}

} // namespace

BOOST_AUTO_TEST_CASE(brace_construction_from_a_string) {
    const ctnet::csv_logger a{"history.csv"};
    BOOST_TEST(a.filename == "history.csv");
    BOOST_TEST(a.separator == ',');
    BOOST_TEST(!a.append);
    const ctnet::csv_logger b{.filename = "h.csv", .separator = ';', .append = true};
    BOOST_TEST(b.append);
    static_assert(ctnet::callback<ctnet::csv_logger>);
}

BOOST_AUTO_TEST_CASE(rows_as_keras_writes_them_and_complete_after_each_epoch) {
    const auto file = scratch_dir() / "with_val.csv";
    ctnet_test::write_all(file, "an old file\r\n");
    const auto after = run(ctnet::csv_logger{file.string()}, file,
                           {epoch_logs(0.702849268913269, 0.5249999761581421, 0.7133951187133789, 0.5),
                            epoch_logs(0.7019301056861877, 0.5249999761581421, 0.7107869982719421, 0.5)});
    // Keras 3.15's file for the same logs (tests run Keras by hand: CSVLogger("log.csv")).
    const std::string header = "epoch,accuracy,loss,val_accuracy,val_loss\r\n";
    const std::string row0 = "0,0.5249999761581421,0.702849268913269,0.5,0.7133951187133789\r\n";
    const std::string row1 = "1,0.5249999761581421,0.7019301056861877,0.5,0.7107869982719421\r\n";
    BOOST_TEST(after.at(0) == header + row0);  // the old file replaced, epoch 0 on disk already
    BOOST_TEST(after.at(1) == header + row0 + row1);
    BOOST_TEST(ctnet_test::files_starting_with(scratch_dir(), "with_val.csv.").empty());

    // The same epochs in a history: to_csv writes the same bytes (one row formatter).
    ctnet::history h;
    h.loss = {0.702849268913269, 0.7019301056861877};
    h.accuracy = {0.5249999761581421, 0.5249999761581421};
    h.val_loss = {0.7133951187133789, 0.7107869982719421};
    h.val_accuracy = {0.5, 0.5};
    const auto other = scratch_dir() / "from_history.csv";
    h.to_csv(other);
    BOOST_TEST(read_all(other) == after.at(1));
}

BOOST_AUTO_TEST_CASE(without_validation_keras_adds_val_columns_of_na) {
    const auto file = scratch_dir() / "no_val.csv";
    ctnet::logs l0;
    l0.set("loss", 3.3869693279266357);
    ctnet::logs l1;
    l1.set("loss", 2.431349992752075);
    const auto after = run(ctnet::csv_logger{file.string()}, file, {l0, l1});
    // Byte for byte Keras 3.15's file for an MSE fit without validation.
    BOOST_TEST(after.at(1) == "epoch,loss,val_loss\r\n0,3.3869693279266357,NA\r\n1,2.431349992752075,NA\r\n");
}

BOOST_AUTO_TEST_CASE(later_keys_missing_are_na_and_new_keys_are_dropped) {
    const auto file = scratch_dir() / "keys.csv";
    ctnet::logs l0 = epoch_logs(1.0, 0.5, 1.5, 0.25);
    ctnet::logs l1;
    l1.set("loss", 0.5);
    l1.set("learning_rate", 0.001);  // not in the header: not written (Keras writes the header's keys)
    l1.set("val_loss", std::numeric_limits<double>::quiet_NaN());
    const auto after = run(ctnet::csv_logger{file.string()}, file, {l0, l1});
    BOOST_TEST(after.at(1) ==
               "epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.5,1.0,0.25,1.5\r\n1,NA,0.5,NA,nan\r\n");
}

BOOST_AUTO_TEST_CASE(append_writes_the_header_once) {
    const auto file = scratch_dir() / "append.csv";
    std::filesystem::remove(file);
    ctnet::csv_logger logger{.filename = file.string(), .append = true};
    run(std::ref(logger), file, {epoch_logs(1.0, 0.5)});                      // absent file: header
    const auto after = run(std::ref(logger), file, {epoch_logs(0.75, 0.625), epoch_logs(0.5, 0.75)});
    const std::string header = "epoch,accuracy,loss,val_accuracy,val_loss\r\n";
    BOOST_TEST(after.at(0) == header + "0,0.5,1.0,NA,NA\r\n0,0.625,0.75,NA,NA\r\n");
    BOOST_TEST(after.at(1) == header + "0,0.5,1.0,NA,NA\r\n0,0.625,0.75,NA,NA\r\n1,0.75,0.5,NA,NA\r\n");
    // An empty file gets the header (Keras reads its first line).
    ctnet_test::write_all(file, "");
    BOOST_TEST(run(std::ref(logger), file, {epoch_logs(1.0, 0.5)}).at(0) == header + "0,0.5,1.0,NA,NA\r\n");
    // Without append the next fit replaces the file.
    logger.append = false;
    BOOST_TEST(run(std::ref(logger), file, {epoch_logs(2.0, 0.0)}).at(0) == header + "0,0.0,2.0,NA,NA\r\n");
}

BOOST_AUTO_TEST_CASE(separator) {
    const auto file = scratch_dir() / "sep.csv";
    const auto after = run(ctnet::csv_logger{file.string(), ';'}, file, {epoch_logs(0.25, 1.0, 0.5, 0.75)});
    BOOST_TEST(after.at(0) == "epoch;accuracy;loss;val_accuracy;val_loss\r\n0;1.0;0.25;0.75;0.5\r\n");
}

BOOST_AUTO_TEST_CASE(unwritable_file_is_refused_at_train_begin) {
    const auto file = scratch_dir() / "missing_dir" / "h.csv";
    ctnet::any_callback cb = ctnet::csv_logger{file.string()};
    fake_control t;
    BOOST_CHECK_EXCEPTION(cb.on_train_begin(ctnet::logs{}, t), std::filesystem::filesystem_error,
                          [&](const std::filesystem::filesystem_error& e) {
                              BOOST_TEST_MESSAGE(e.what());
                              return e.path1() == file && std::string(e.what()).find("ctnet::csv_logger") != std::string::npos &&
                                     std::string(e.what()).find(file.string()) != std::string::npos;
                          });
    // on_train_begin leaves an existing file alone, and no temporary behind.
    const auto kept = scratch_dir() / "kept.csv";
    ctnet_test::write_all(kept, "old\r\n");
    ctnet::any_callback k = ctnet::csv_logger{kept.string()};
    k.on_train_begin(ctnet::logs{}, t);
    BOOST_TEST(read_all(kept) == "old\r\n");
    BOOST_TEST(ctnet_test::files_starting_with(scratch_dir(), "kept.csv.").empty());
}
