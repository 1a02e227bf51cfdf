// version.hpp: ctnet's version, as macros for the preprocessor and as a constexpr value.
#pragma once

#include <string_view>

// Kept equal to meson.build's project version by tests/static/version.cpp.
#define CTNET_VERSION_MAJOR 0
#define CTNET_VERSION_MINOR 1
#define CTNET_VERSION_PATCH 0
#define CTNET_VERSION_STRING "0.1.0"
/// One number for `#if`: MAJOR * 10000 + MINOR * 100 + PATCH (0.1.0 is 100).
#define CTNET_VERSION (CTNET_VERSION_MAJOR * 10000 + CTNET_VERSION_MINOR * 100 + CTNET_VERSION_PATCH)

namespace ctnet {

namespace detail {

struct version_value {
    int major = 0;
    int minor = 0;
    int patch = 0;
    std::string_view string;
};

} // namespace detail

/// The version of the headers being compiled: `ctnet::version.major`, `.minor`, `.patch` and
/// `.string` ("0.1.0"). Before 1.0 a minor version may change the API (CHANGELOG.md).
inline constexpr detail::version_value version{CTNET_VERSION_MAJOR, CTNET_VERSION_MINOR, CTNET_VERSION_PATCH,
                                               CTNET_VERSION_STRING};

} // namespace ctnet
