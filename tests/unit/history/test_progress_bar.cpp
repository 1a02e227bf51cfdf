// detail::progress_bar against Keras 3.15's Progbar, byte for byte: progress_bar_keras.json holds
// scripted fits (step times, running means, epoch logs) and what Keras's own Progbar printed for
// them (generate_progress_bar_cases.py replays ProgbarLogger with a fake time.time). The same
// script drives ctnet's bar with an injected clock for verbose 0, 1 on a terminal and 2; verbose
// 1 off a terminal must print each epoch's last Keras line without escapes. step_end allocates
// nothing.
#define BOOST_TEST_MODULE progress_bar
#include <boost/test/unit_test.hpp>

#include <ctnet/train/detail/progress_bar.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <new>
#include <string>
#include <vector>

namespace {

std::size_t allocations = 0;

struct fake_clock {
    using duration = std::chrono::microseconds;
    using rep = duration::rep;
    using period = duration::period;
    using time_point = std::chrono::time_point<fake_clock>;
    static inline time_point t{};
    static time_point now() { return t; }
};

void at(long long us) { fake_clock::t = fake_clock::time_point(std::chrono::microseconds(us)); }

double number(const nlohmann::json& j) {
    if (j.is_null()) return std::numeric_limits<double>::quiet_NaN();  // no accuracy
    if (j.is_string()) return std::nan("");                           // "nan"
    return j.get<double>();
}

const nlohmann::json& cases() {
    static const nlohmann::json j = [] {
        std::ifstream in(CTNET_HISTORY_TEST_DIR "/progress_bar_keras.json");
        BOOST_TEST_REQUIRE(static_cast<bool>(in));
        return nlohmann::json::parse(in);
    }();
    return j;
}

// Runs one scripted fit through a progress bar writing to a temporary FILE*; returns the bytes.
std::string replay(const nlohmann::json& c, int verbose, bool terminal, std::size_t* step_allocations = nullptr) {
    std::FILE* f = std::tmpfile();
    BOOST_TEST_REQUIRE(f != nullptr);
    {
        ctnet::detail::basic_progress_bar<fake_clock> bar(verbose, f, terminal);
        const auto epochs = c.at("epochs").get<std::size_t>(), steps = c.at("steps").get<std::size_t>();
        std::size_t e = 0;
        for (const auto& epoch : c.at("epoch_list")) {
            at(epoch.at("begin_us").get<long long>());
            bar.epoch_begin(e++, epochs, steps);
            std::size_t s = 0;
            for (const auto& step : epoch.at("step_list")) {
                at(step.at(0).get<long long>());
                const double loss = number(step.at(1)), accuracy = number(step.at(2));
                const std::size_t before = allocations;
                bar.step_end(++s, loss, accuracy);
                if (step_allocations) *step_allocations += allocations - before;
            }
            ctnet::logs l;
            for (const auto& kv : epoch.at("logs")) l.set(kv.at(0).get<std::string>(), number(kv.at(1)));
            at(epoch.at("end_us").get<long long>());
            bar.epoch_end(l);
        }
    }
    std::string out;
    std::rewind(f);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    std::fclose(f);
    return out;
}

// Keras's verbose-1 bytes reduced to what ctnet prints off a terminal: the "Epoch" lines and each
// epoch's last line (after its last "\r"), without the escape sequences and the padding.
std::string without_terminal_control(const std::string& keras) {
    std::string out;
    std::size_t begin = 0;
    for (std::size_t end; (end = keras.find('\n', begin)) != std::string::npos; begin = end + 1) {
        std::string line = keras.substr(begin, end - begin);
        if (const auto r = line.rfind('\r'); r != std::string::npos) line = line.substr(r + 1);
        std::string plain;
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\x1b') {
                i = line.find('m', i);
                continue;
            }
            plain += line[i];
        }
        while (!plain.empty() && plain.back() == ' ') plain.pop_back();
        out += plain + '\n';
    }
    return out;
}

std::string visible(const std::string& s) {  // for the failure message
    std::string v;
    for (const char c : s) v += c == '\x1b' ? std::string("<ESC>") : c == '\b' ? std::string("<BS>") : c == '\r' ? std::string("<CR>\n") : std::string(1, c);
    return v;
}

} // namespace

// Counting replacement of the global allocation functions (g++ 12 does not see that this free
// matches this operator new).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
void* operator new(std::size_t n) {
    ++allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

BOOST_AUTO_TEST_CASE(the_cases_are_there) { BOOST_TEST(cases().size() == 4u); }

BOOST_AUTO_TEST_CASE(verbose_1_on_a_terminal_is_keras_byte_for_byte) {
    for (const auto& c : cases()) {
        BOOST_TEST_CONTEXT(c.at("name").get<std::string>()) {
            const std::string expected = c.at("expected").at("1").get<std::string>();
            const std::string got = replay(c, 1, true);
            BOOST_TEST(got == expected);
            if (got != expected) BOOST_TEST_MESSAGE("got:\n" << visible(got) << "\nexpected:\n" << visible(expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(verbose_2_is_keras_byte_for_byte) {
    for (const auto& c : cases())
        BOOST_TEST_CONTEXT(c.at("name").get<std::string>()) {
            BOOST_TEST(replay(c, 2, true) == c.at("expected").at("2").get<std::string>());
            BOOST_TEST(replay(c, 2, false) == c.at("expected").at("2").get<std::string>());
        }
}

BOOST_AUTO_TEST_CASE(verbose_1_off_a_terminal_prints_each_epochs_last_line_plainly) {
    for (const auto& c : cases())
        BOOST_TEST_CONTEXT(c.at("name").get<std::string>()) {
            const std::string got = replay(c, 1, false);
            BOOST_TEST(got == without_terminal_control(c.at("expected").at("1").get<std::string>()));
            BOOST_TEST(got.find_first_of("\x1b\b\r") == std::string::npos);
        }
    // The docs' example, in full.
    BOOST_TEST(replay(cases().at(0), 1, false) ==
               "Epoch 1/2\n"
               "3/3 \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501"
               " 2s 251ms/step - accuracy: 0.5250 - loss: 0.7028 - val_accuracy: 0.5000 - val_loss: 0.7134\n"
               "Epoch 2/2\n"
               "3/3 \u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501\u2501"
               " 0s 4ms/step - accuracy: 0.5250 - loss: 0.7019 - val_accuracy: 0.5000 - val_loss: 0.7108\n");
}

BOOST_AUTO_TEST_CASE(verbose_0_prints_nothing) {
    for (const auto& c : cases()) {
        BOOST_TEST(c.at("expected").at("0").get<std::string>().empty());
        BOOST_TEST(replay(c, 0, true).empty());
        BOOST_TEST(replay(c, 0, false).empty());
    }
}

BOOST_AUTO_TEST_CASE(step_end_allocates_nothing) {
    for (const auto& c : cases()) {
        std::size_t n = 0;
        replay(c, 1, true, &n);
        BOOST_TEST(n == 0u, c.at("name").get<std::string>());
    }
}
