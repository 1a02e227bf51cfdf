// <ctnet/version.hpp> agrees with meson.build's project version, passed in as CTNET_EXPECTED_VERSION.
#include <ctnet/ctnet.hpp>

#include <cstddef>
#include <string_view>

#ifndef CTNET_EXPECTED_VERSION
#error "tests/static/meson.build passes -DCTNET_EXPECTED_VERSION=\"<meson.project_version()>\""
#endif

namespace {

constexpr std::string_view expected = CTNET_EXPECTED_VERSION;

// The n-th dot-separated number of `s` (-1 when absent or not a number).
constexpr int component(std::string_view s, int n) {
    for (; n > 0; --n) {
        const std::size_t dot = s.find('.');
        if (dot == std::string_view::npos) return -1;
        s.remove_prefix(dot + 1);
    }
    int v = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) v = v * 10 + (s[i] - '0');
    return i == 0 ? -1 : v;
}

static_assert(component("12.3.45", 0) == 12 && component("12.3.45", 1) == 3 && component("12.3.45", 2) == 45);
static_assert(component("1.2", 2) == -1);

} // namespace

static_assert(std::string_view{CTNET_VERSION_STRING} == expected,
              "include/ctnet/version.hpp: CTNET_VERSION_STRING differs from meson.build's project version");
static_assert(CTNET_VERSION_MAJOR == component(expected, 0) && CTNET_VERSION_MINOR == component(expected, 1) &&
                  CTNET_VERSION_PATCH == component(expected, 2),
              "include/ctnet/version.hpp: CTNET_VERSION_MAJOR/MINOR/PATCH differ from meson.build's project version");
static_assert(CTNET_VERSION == CTNET_VERSION_MAJOR * 10000 + CTNET_VERSION_MINOR * 100 + CTNET_VERSION_PATCH);
static_assert(ctnet::version.major == CTNET_VERSION_MAJOR && ctnet::version.minor == CTNET_VERSION_MINOR &&
              ctnet::version.patch == CTNET_VERSION_PATCH && ctnet::version.string == expected);

int main() { return 0; }
