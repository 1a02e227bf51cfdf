// Writes, into the directory given as argument, the learning-curve figure and the JSON of each
// history check_svg.py checks: <name>.svg and <name>.json (the same history's to_json).
#include <ctnet/train/history.hpp>

#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: write_svg_cases DIR\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    std::vector<std::pair<std::string, ctnet::history>> cases;

    ctnet::history full;  // the chapter's figure: 30 epochs, all four curves
    for (int e = 0; e < 30; ++e) {
        full.loss.push_back(0.6 * std::exp(-e / 8.0) + 0.25);
        full.val_loss.push_back(0.55 * std::exp(-e / 10.0) + 0.3 + 0.002 * e);
        full.accuracy.push_back(0.95 - 0.2 * std::exp(-e / 7.0));
        full.val_accuracy.push_back(0.9 - 0.18 * std::exp(-e / 9.0));
        full.learning_rate.push_back(0.01);
        full.seconds.push_back(3.0);
    }
    cases.emplace_back("full", full);

    ctnet::history broken = full;  // NaN and infinities break the lines
    broken.loss[5] = nan;
    broken.loss[6] = inf;
    broken.val_loss[0] = -inf;
    broken.val_accuracy[29] = nan;
    broken.accuracy[10] = nan;
    cases.emplace_back("broken", broken);

    ctnet::history mse;  // no accuracy, no validation: one panel, one series
    mse.loss = {12.5, 3.25, 1.0, 0.75, 0.5, 0.4375, 0.40625};
    cases.emplace_back("mse", mse);

    ctnet::history one;  // one epoch
    one.loss = {0.7};
    one.accuracy = {0.5};
    one.val_loss = {0.69};
    one.val_accuracy = {0.5};
    cases.emplace_back("one_epoch", one);

    cases.emplace_back("zero_epochs", ctnet::history{});

    ctnet::history all_nan;  // nothing finite to plot
    all_nan.loss = {nan, nan};
    cases.emplace_back("all_nan", all_nan);

    ctnet::history wide;  // a large range and negative values
    for (int e = 0; e < 300; ++e) wide.loss.push_back(1e6 * std::sin(e / 20.0) - 3e5);
    cases.emplace_back("wide", wide);

    try {
        for (const auto& [name, h] : cases) {
            h.save_svg(dir / (name + ".svg"));
            h.to_json(dir / (name + ".json"));
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
    std::printf("%zu cases\n", cases.size());
}
