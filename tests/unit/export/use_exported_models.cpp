// The consumer half of the export test: a program that includes only the headers ctnet::export_header
// generated (and through them ctnet's own), predicts export_test::inputs with each exported model, one
// sample at a time and as a batch, and must get bitwise the exporting program's predictions.
// Usage: use_exported_models <expected.bin>
#include "exported_seed_model.hpp"
#include "exported_varied_model.hpp"

#include "export_inputs.hpp"

#include <bit>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <span>
#include <vector>

namespace {

template <class Predictor>
std::size_t mismatches(const Predictor& p, std::span<const float> expected, const char* name) {
    const auto x = export_test::inputs(Predictor::input_size);
    const auto batch = p.predict(x);
    std::vector<float> one(Predictor::output_size);
    std::size_t bad = 0;
    for (std::size_t r = 0; r < export_test::rows; ++r) {
        p(std::span<const float>(x.data() + r * Predictor::input_size, Predictor::input_size), one);
        for (std::size_t j = 0; j < Predictor::output_size; ++j) {
            const std::size_t i = r * Predictor::output_size + j;
            bad += std::bit_cast<std::uint32_t>(batch[i]) != std::bit_cast<std::uint32_t>(expected[i]);
            bad += std::bit_cast<std::uint32_t>(one[j]) != std::bit_cast<std::uint32_t>(expected[i]);
        }
    }
    std::printf("%s: %zu outputs, %zu differ from the exporting program's\n", name,
                export_test::rows * Predictor::output_size, bad);
    return bad;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: use_exported_models <expected.bin>\n");
        return 2;
    }
    constexpr std::size_t seed_out = export_test::rows * exported::seed::network::output_size();
    constexpr std::size_t varied_out = export_test::rows * exported::varied::network::output_size();
    std::vector<float> expected(seed_out + varied_out);
    std::ifstream in(argv[1], std::ios::binary);
    in.read(reinterpret_cast<char*>(expected.data()), static_cast<std::streamsize>(expected.size() * sizeof(float)));
    if (!in || in.peek() != std::ifstream::traits_type::eof()) {
        std::fprintf(stderr, "%s: not %zu floats\n", argv[1], expected.size());
        return 1;
    }
    const std::span<const float> all(expected);
    const std::size_t bad = mismatches(exported::seed::predictor(), all.first(seed_out), "seed model") +
                            mismatches(exported::varied::predictor(), all.subspan(seed_out), "varied model");
    return bad == 0 ? 0 : 1;
}
