// Which kernels a generic build with run-time dispatch runs (exec/kernel_sets.hpp): the best family
// the CPU has, or the one CTNET_KERNELS names, and a clear error for a name it cannot honour.
#define BOOST_TEST_MODULE kernel_choice
#include <boost/test/unit_test.hpp>

#include <ctnet/build_info.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace cn = ctnet;

namespace {

// The family CTNET_KERNELS=value chooses, by its name (avx512, avx2_fma, portable).
std::string choose_with(const char* value) {
    if (value) ::setenv("CTNET_KERNELS", value, 1);
    else ::unsetenv("CTNET_KERNELS");
    return cn::detail::kernel_family_name(cn::detail::choose_kernels());
}

std::string refusal(const char* value) {
    try {
        choose_with(value);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_generic_build_holds_every_family) {
    static_assert(cn::compiled_kernels == cn::kernel_family::portable, "built with no -march (meson.build)");
    BOOST_TEST(cn::detail::held_kernels() == "avx512 avx2_fma portable");
}

BOOST_AUTO_TEST_CASE(unset_picks_the_best_family_of_this_cpu) {
    const std::string best = cn::cpu().avx512 ? "avx512" : cn::cpu().avx2_fma ? "avx2_fma" : "portable";
    BOOST_TEST(choose_with(nullptr) == best);
    BOOST_TEST(choose_with("") == best);
}

BOOST_AUTO_TEST_CASE(a_named_family_runs_where_the_cpu_has_it) {
    BOOST_TEST(choose_with("portable") == "portable");
    BOOST_TEST(choose_with("native") == "portable");  // the compiler flags' own
    if (cn::cpu().avx2_fma) BOOST_TEST(choose_with("avx2_fma") == "avx2_fma");
    else BOOST_TEST(refusal("avx2_fma") == "ctnet: CTNET_KERNELS=avx2_fma: this CPU cannot run them");
    if (cn::cpu().avx512) BOOST_TEST(choose_with("avx512") == "avx512");
    else BOOST_TEST(refusal("avx512") == "ctnet: CTNET_KERNELS=avx512: this CPU cannot run them");
}

BOOST_AUTO_TEST_CASE(an_unknown_name_is_an_error) {
    BOOST_TEST(refusal("avx2") == "ctnet: CTNET_KERNELS=avx2: not one of avx512, avx2_fma, portable, native");
    BOOST_TEST(refusal("AVX512") == "ctnet: CTNET_KERNELS=AVX512: not one of avx512, avx2_fma, portable, native");
}

BOOST_AUTO_TEST_CASE(with_kernels_runs_the_chosen_family) {
    ::unsetenv("CTNET_KERNELS");
    const cn::kernel_family ran = cn::detail::with_kernels([](auto k) { return decltype(k)::family; });
    BOOST_TEST((ran == cn::running_kernels()));
    const std::string info = cn::build_info();
    BOOST_TEST(info.find(std::string("ctnet kernels: ") + cn::detail::kernel_family_label(ran) + " running") == 0u);
    BOOST_TEST(info.find("(built: portable for the compiler's flags, AVX2+FMA, AVX-512 chosen at run time)") !=
               std::string::npos);
}
