// The examples' command line: optional positional integers, each checked against its range before any data is
// loaded; a bad one prints what was wrong and a usage line, and exits with status 2 (the usual "usage error").
#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <system_error>

namespace example_args {

// One optional positional argument: `name` as the usage line shows it, `fallback` when it is absent, and the
// accepted values [min, max]. min is at least 1 in every example: 0 epochs or 0 samples has nothing to train.
struct argument {
    std::string_view name;
    std::size_t fallback;
    std::size_t min;
    std::size_t max;
};

// True, with `out` set, if `text` is a decimal integer in [min, max] and nothing else. std::from_chars takes
// no sign for an unsigned type, skips no spaces and stops at the first non-digit, so "-1" (which std::stoul
// would wrap to 2^64 - 1), "+3", " 3" and "5x" are all refused; out-of-range digits are refused, not wrapped.
inline bool parse_integer(std::string_view text, std::size_t min, std::size_t max, std::size_t& out) {
    std::size_t value = 0;
    const char* const end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || stop != end || value < min || value > max) return false;
    out = value;
    return true;
}

template <std::size_t N>
void print_usage(std::ostream& os, std::string_view program, const std::array<argument, N>& args,
                 std::string_view description) {
    os << "usage: " << program;
    for (const argument& a : args) os << " [" << a.name << ']';
    os << '\n' << description << ".\n";
    for (std::size_t i = 0; i < N; ++i)
        os << (i == 0 ? "" : "; ") << args[i].name << ": an integer from " << args[i].min << " to " << args[i].max
           << " (default " << args[i].fallback << ')';
    os << ".\n";
}

// The values of argv[1..] (or the fallbacks), or does not return: `-h`/`--help` prints the usage and exits 0;
// too many arguments or a bad value print the reason and the usage to stderr and exit 2. `description` is one
// sentence on what the arguments mean, without a final period; the ranges are appended from `args`.
template <std::size_t N>
std::array<std::size_t, N> parse(int argc, char** argv, std::string_view program, const std::array<argument, N>& args,
                                 std::string_view description) {
    const auto fail = [&](const std::string& reason) {
        std::cerr << program << ": " << reason << '\n';
        print_usage(std::cerr, program, args, description);
        std::exit(2);
    };
    const std::size_t given = argc > 1 ? static_cast<std::size_t>(argc - 1) : 0;
    if (given >= 1 && (std::string_view(argv[1]) == "-h" || std::string_view(argv[1]) == "--help")) {
        print_usage(std::cout, program, args, description);
        std::exit(EXIT_SUCCESS);
    }
    if (given > N)
        fail(std::to_string(given) + " arguments given, at most " + std::to_string(N) + " accepted");
    std::array<std::size_t, N> values{};
    for (std::size_t i = 0; i < N; ++i) {
        values[i] = args[i].fallback;
        if (i < given && !parse_integer(argv[i + 1], args[i].min, args[i].max, values[i]))
            fail("bad " + std::string(args[i].name) + " \"" + argv[i + 1] + "\": expected an integer from " +
                 std::to_string(args[i].min) + " to " + std::to_string(args[i].max));
    }
    return values;
}

}  // namespace example_args
