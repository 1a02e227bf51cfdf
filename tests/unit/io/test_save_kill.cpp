// A save killed at any moment: a child process saves two models in turn to one file, in a loop,
// and is killed with SIGKILL at a random moment, 150 times; each time the file loads and is
// exactly the one model or the other (safetensors::write_atomically: temporary, fsync, rename).
#define BOOST_TEST_MODULE io_save_kill
#include <boost/test/unit_test.hpp>

#include <ctnet/ctnet.hpp>

#include "io_test_files.hpp"

#include <csignal>
#include <random>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

namespace cn = ctnet;

namespace {

// About 1 MB a file, so that a kill lands in the write as well as in the fsyncs and the rename.
using net = cn::sequential<cn::input<784>, cn::batch_norm<>, cn::dense<300, cn::relu>, cn::dense<100, cn::relu>,
                           cn::dense<10, cn::softmax>>;

std::vector<float> params_of(const net& m) { return {m.parameters(), m.parameters() + net::plan().param_floats}; }

[[noreturn]] void save_forever(const net& a, const net& b, const std::filesystem::path& file, int ready) {
    a.save_weights(file);
    const char go = 1;
    if (::write(ready, &go, 1) != 1) ::_exit(3);
    for (;;) {
        b.save_weights(file);
        a.save_weights(file);
    }
}

void sleep_us(long us) {
    const timespec t{us / 1000000, (us % 1000000) * 1000};
    ::nanosleep(&t, nullptr);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_killed_save_leaves_the_old_file_or_the_new_one) {
    io_test::scratch_dir dir;
    const auto file = dir.path / "model.safetensors";
    const net a{cn::seed{1}}, b{cn::seed{2}};
    const auto pa = params_of(a), pb = params_of(b);
    BOOST_TEST_REQUIRE(pa != pb);
    a.save_weights(dir.path / "a.safetensors");
    b.save_weights(dir.path / "b.safetensors");
    const auto bytes_a = cn::safetensors::read_bytes(dir.path / "a.safetensors");
    const auto bytes_b = cn::safetensors::read_bytes(dir.path / "b.safetensors");

    std::mt19937 rng(20261207);
    std::uniform_int_distribution<long> delay_us(0, 4000);
    int saw_a = 0, saw_b = 0;
    constexpr int kills = 150;
    for (int k = 0; k < kills; ++k) {
        int ready[2];
        BOOST_TEST_REQUIRE(::pipe(ready) == 0);
        const pid_t child = ::fork();
        BOOST_TEST_REQUIRE(child >= 0);
        if (child == 0) {
            ::close(ready[0]);
            try {
                save_forever(a, b, file, ready[1]);
            } catch (...) {
                ::_exit(2);
            }
        }
        ::close(ready[1]);
        char go = 0;
        BOOST_TEST_REQUIRE(::read(ready[0], &go, 1) == 1, "the saving child failed to start (kill " << k << ")");
        ::close(ready[0]);
        sleep_us(delay_us(rng));
        ::kill(child, SIGKILL);
        int status = 0;
        BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
        BOOST_TEST_REQUIRE(WIFSIGNALED(status), "the child stopped by itself (status " << status << ", kill " << k << ")");

        const auto now = cn::safetensors::read_bytes(file);
        const bool is_a = now == bytes_a, is_b = now == bytes_b;
        BOOST_TEST_REQUIRE((is_a || is_b), "after kill " << k << " the file is neither model (" << now.size() << " bytes)");
        saw_a += is_a;
        saw_b += is_b;
        net m{cn::seed{3}};
        m.load_weights(file);
        BOOST_TEST_REQUIRE(params_of(m) == (is_a ? pa : pb));

        // A killed save can leave its temporary (.model.safetensors.tmp.<pid>.<n>); never the target.
        for (const auto& e : std::filesystem::directory_iterator(dir.path))
            if (e.path().filename().string().starts_with(".model.safetensors.tmp.")) std::filesystem::remove(e.path());
    }
    BOOST_TEST_MESSAGE("after " << kills << " kills: the first model " << saw_a << " times, the second " << saw_b);
    // Kills landed on both sides of a rename (else the test would not have tested the switch).
    BOOST_TEST(saw_a > 0);
    BOOST_TEST(saw_b > 0);
}
