// history::to_csv and to_json: the files parsed back hold the history's values exactly, in
// Keras's columns; NaN, empty, one-epoch and zero-epoch histories; a failed save leaves the old
// file and no temporary, and its exception names the file.
#define BOOST_TEST_MODULE history_export
#include <boost/test/unit_test.hpp>

#include <ctnet/train/history.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <csignal>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "history_test_files.hpp"

using ctnet_test::parse_csv;
using ctnet_test::parse_number;
using ctnet_test::read_all;
using ctnet_test::scratch_dir;

namespace {

constexpr double nan_v = std::numeric_limits<double>::quiet_NaN();
constexpr double inf_v = std::numeric_limits<double>::infinity();

// Values that exercise the shortest round-trip form: float32 values widened (as Keras logs
// them), long mantissas, tiny and huge exponents.
ctnet::history sample(std::size_t epochs) {
    ctnet::history h;
    for (std::size_t e = 0; e < epochs; ++e) {
        const double x = static_cast<double>(e);
        h.loss.push_back(static_cast<double>(static_cast<float>(0.7 / (1.0 + x))));
        h.accuracy.push_back(0.5 + x / 3.0);
        h.val_loss.push_back(1e-7 * (x + 1.0) / 7.0);
        h.val_accuracy.push_back(1e17 / (x + 3.0));
        h.learning_rate.push_back(static_cast<double>(0.01f * static_cast<float>(e + 1)));
        h.seconds.push_back(2.5 + x);
    }
    return h;
}

// Bit equality, so that NaN equals NaN and -0.0 differs from 0.0.
bool same(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

const std::map<std::string, const std::vector<double>*> by_name(const ctnet::history& h) {
    return {{"loss", &h.loss},         {"accuracy", &h.accuracy},           {"val_loss", &h.val_loss},
            {"val_accuracy", &h.val_accuracy}, {"learning_rate", &h.learning_rate}, {"seconds", &h.seconds}};
}

} // namespace

BOOST_AUTO_TEST_CASE(python_repr_of_doubles) {
    // Python 3's repr of each value (python3 -c "print(repr(float.fromhex(...)))").
    const std::pair<double, const char*> cases[] = {
        {0x1.0ccccc0000000p-1, "0.5249999761581421"},
        {0x1.0000000000000p+0, "1.0"},
        {0x1.c6bf526340000p+49, "1000000000000000.0"},
        {0x1.1c37937e08000p+53, "1e+16"},
        {0x1.1c37937e07fffp+53, "9999999999999998.0"},
        {0x1.4f8b588e368f1p-17, "1e-05"},
        {0x1.a36e2eb1c432dp-14, "0.0001"},
        {0x1.02e4b6ce5dc68p-13, "0.00012345"},
        {-0x0.0p+0, "-0.0"},
        {0x0.0p+0, "0.0"},
        {0x1.b69b4ba630f35p+56, "1.2345678901234568e+17"},
        {0x0.0000000000001p-1022, "5e-324"},
        {0x1.fffffffffffffp+1023, "1.7976931348623157e+308"},
        {0x1.999999999999ap-4, "0.1"},
        {0x1.9000000000000p+6, "100.0"},
        {-0x1.4000000000000p+1, "-2.5"},
        {0x1.5555555555555p-2, "0.3333333333333333"},
        {0x1.1e54c672874dap-24, "6.666666666666665e-08"},
        {0x1.0000000000000p+53, "9007199254740992.0"},
        {0x1.3333333333334p-2, "0.30000000000000004"},
        {0x1.0f0cf064dd592p+73, "1e+22"},
        {0x1.56e1fc2f8f359p-997, "1e-300"},
        {0x1.81cd6c8b43958p+13, "12345.678"},
        {-0x1.385ed98229842p+32, "-5240707458.162172"},
        {-0x1.753536d86b294p-24, "-8.689422815203738e-08"},
        {-0x1.185b6b2e685c8p+49, "-616511792009401.0"},
        {-0x1.081cf4b579f5ep+59, "-5.947298495510403e+17"},
        {0x1.23a5a3b29b976p-12, "0.00027813628108832396"},
        {-0x1.1919a383d3da0p-11, "-0.0005361559892466568"},
        {nan_v, "nan"},
        {inf_v, "inf"},
        {-inf_v, "-inf"},
    };
    for (const auto& [v, text] : cases) BOOST_TEST(ctnet::detail::python_float_repr(v) == text);
}

BOOST_AUTO_TEST_CASE(csv_holds_keras_columns_and_exact_values) {
    const ctnet::history h = sample(5);
    const auto file = scratch_dir() / "h.csv";
    h.to_csv(file);
    const std::string text = read_all(file);
    const auto rows = parse_csv(text);
    // Keras's CSVLogger: epoch, then the logs' keys sorted; seconds is not a Keras log.
    const std::vector<std::string> header = {"epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"};
    BOOST_TEST(rows.at(0) == header, boost::test_tools::per_element());
    BOOST_TEST(rows.size() == 6u);
    const auto fields = by_name(h);
    for (std::size_t e = 0; e < 5; ++e) {
        BOOST_TEST(rows[e + 1].size() == header.size());
        BOOST_TEST(rows[e + 1][0] == std::to_string(e));  // from 0, as Keras
        for (std::size_t c = 1; c < header.size(); ++c)
            BOOST_TEST(same(parse_number(rows[e + 1][c]), (*fields.at(header[c]))[e]), header[c] << " epoch " << e);
    }
    // The exact text of a row (Python's repr, "\r\n").
    BOOST_TEST(text.substr(0, text.find("\r\n", text.find("\r\n") + 2) + 2) ==
               "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss\r\n"
               "0,0.5,0.009999999776482582,0.699999988079071,3.3333333333333332e+16,1.4285714285714284e-08\r\n");
}

BOOST_AUTO_TEST_CASE(csv_leaves_out_empty_fields_and_writes_nan_as_python) {
    ctnet::history h;  // an MSE training without validation: no accuracy, no val_*
    h.loss = {nan_v, inf_v, -inf_v, 0.25};
    h.seconds = {1, 1, 1, 1};
    const auto file = scratch_dir() / "mse.csv";
    h.to_csv(file);
    BOOST_TEST(read_all(file) == "epoch,loss\r\n0,nan\r\n1,inf\r\n2,-inf\r\n3,0.25\r\n");
    h.to_csv(file, ';');
    BOOST_TEST(read_all(file) == "epoch;loss\r\n0;nan\r\n1;inf\r\n2;-inf\r\n3;0.25\r\n");
    h.to_csv(file, '.');  // a separator inside the numbers: quoted, as Python's csv does
    BOOST_TEST(read_all(file) == "epoch.loss\r\n0.nan\r\n1.inf\r\n2.-inf\r\n3.\"0.25\"\r\n");
    BOOST_TEST(parse_number(parse_csv(read_all(file), '.').at(4).at(1)) == 0.25);
}

BOOST_AUTO_TEST_CASE(zero_and_one_epoch) {
    const auto file = scratch_dir() / "e.csv";
    ctnet::history{}.to_csv(file);
    BOOST_TEST(read_all(file) == "epoch\r\n");
    ctnet::history{}.to_json(file);
    BOOST_TEST(nlohmann::json::parse(read_all(file)) == nlohmann::json::parse(R"({"epoch": []})"));
    sample(1).to_csv(file);
    BOOST_TEST(parse_csv(read_all(file)).size() == 2u);
    sample(1).to_json(file);
    BOOST_TEST(nlohmann::json::parse(read_all(file)).at("epoch") == nlohmann::json::parse("[0]"));
}

BOOST_AUTO_TEST_CASE(json_is_history_history_plus_epoch_and_seconds) {
    ctnet::history h = sample(4);
    h.val_loss[2] = nan_v;
    h.loss[3] = inf_v;
    const auto file = scratch_dir() / "h.json";
    h.to_json(file);
    const std::string text = read_all(file);
    const auto j = nlohmann::json::parse(text);  // throws unless valid JSON (no NaN token)
    BOOST_TEST(j.size() == 7u);
    BOOST_TEST(j.at("epoch") == nlohmann::json::parse("[0, 1, 2, 3]"));
    for (const auto& [name, v] : by_name(h)) {
        BOOST_TEST_CONTEXT(name) {
            const auto& a = j.at(name);
            BOOST_TEST(a.size() == v->size());
            for (std::size_t e = 0; e < v->size(); ++e)
                if (std::isfinite((*v)[e]))
                    BOOST_TEST(same(a.at(e).get<double>(), (*v)[e]));
                else
                    BOOST_TEST(a.at(e).is_null());  // NaN and infinities: null
        }
    }
    // Keys in Keras's sorted order after epoch, seconds last.
    std::vector<std::string> order;
    for (std::size_t p = text.find("\n  \""); p != std::string::npos; p = text.find("\n  \"", p + 1))
        order.push_back(text.substr(p + 4, text.find('"', p + 4) - p - 4));
    const std::vector<std::string> expected = {"epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss", "seconds"};
    BOOST_TEST(order == expected, boost::test_tools::per_element());

    ctnet::history mse;
    mse.loss = {1.5};
    mse.to_json(file);
    BOOST_TEST(nlohmann::json::parse(read_all(file)) == nlohmann::json::parse(R"({"epoch": [0], "loss": [1.5]})"));
}

BOOST_AUTO_TEST_CASE(fields_of_different_lengths_are_refused_before_writing) {
    ctnet::history h = sample(3);
    h.val_loss.pop_back();
    const auto file = scratch_dir() / "uneven.csv";
    ctnet_test::write_all(file, "old");
    const auto says = [](const std::invalid_argument& e) {
        const std::string m = e.what();
        BOOST_TEST_MESSAGE(m);
        return m.find("uneven.csv") != std::string::npos && m.find("val_loss holds 2 values but the history has 3 epochs") != std::string::npos;
    };
    BOOST_CHECK_EXCEPTION(h.to_csv(file), std::invalid_argument, says);
    BOOST_CHECK_EXCEPTION(h.to_json(file), std::invalid_argument, says);
    BOOST_CHECK_EXCEPTION(h.save_svg(file), std::invalid_argument, says);
    BOOST_TEST(read_all(file) == "old");
}

BOOST_AUTO_TEST_CASE(unwritable_path_names_the_file) {
    const auto file = scratch_dir() / "no_such_dir" / "h.csv";
    const auto names_file = [&](const std::filesystem::filesystem_error& e) {
        BOOST_TEST_MESSAGE(e.what());
        return e.path1() == file && std::string(e.what()).find(file.string()) != std::string::npos &&
               std::string(e.what()).find("ctnet::history::to_csv") != std::string::npos;
    };
    BOOST_CHECK_EXCEPTION(sample(2).to_csv(file), std::filesystem::filesystem_error, names_file);
    // A directory where the file should be.
    const auto dir = scratch_dir() / "a_directory";
    std::filesystem::create_directories(dir);
    BOOST_CHECK_EXCEPTION(sample(2).to_json(dir), std::filesystem::filesystem_error,
                          [&](const std::filesystem::filesystem_error& e) { return e.path1() == dir; });
    BOOST_TEST(std::filesystem::is_directory(dir));
}

// A write that fails halfway (the file size limit, EFBIG) leaves the old file whole and no
// temporary behind.
BOOST_AUTO_TEST_CASE(failing_write_keeps_the_old_file) {
    const auto dir = scratch_dir() / "limited";
    std::filesystem::create_directories(dir);
    const auto file = dir / "h.csv";
    const std::string old_text = "epoch,loss\r\n0,1.0\r\n";
    ctnet_test::write_all(file, old_text);
    ctnet::history big = sample(2000);  // ~200 kB of CSV
    std::signal(SIGXFSZ, SIG_IGN);      // the write then fails with EFBIG instead of killing us
    rlimit old_limit{};
    BOOST_REQUIRE(getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    rlimit small = old_limit;
    small.rlim_cur = 4096;
    BOOST_REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    bool threw = false;
    std::string what;
    try {
        big.to_csv(file);
    } catch (const std::filesystem::filesystem_error& e) {
        threw = true;
        what = e.what();
        BOOST_TEST(e.path1() == file);
        BOOST_TEST((e.code() == std::errc::file_too_large));
    }
    try {
        big.save_svg(file);
    } catch (const std::filesystem::filesystem_error& e) {
        threw = threw && e.path1() == file;
    }
    setrlimit(RLIMIT_FSIZE, &old_limit);
    BOOST_TEST_MESSAGE(what);
    BOOST_TEST(threw);
    BOOST_TEST(what.find(file.string()) != std::string::npos);
    BOOST_TEST(read_all(file) == old_text);
    BOOST_TEST(ctnet_test::files_starting_with(dir, "h.csv.").empty());  // no temporary left
    // And the save works once the limit is gone, replacing the old file.
    big.to_csv(file);
    BOOST_TEST(parse_csv(read_all(file)).size() == 2001u);
    BOOST_TEST(ctnet_test::files_starting_with(dir, "h.csv.").empty());
}
