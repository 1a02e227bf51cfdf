// ctnet::dataset accessors and ctnet::split: first n samples and the rest, copied, shape kept.
#define BOOST_TEST_MODULE io_split
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "ctnet/io/split.hpp"

namespace {

// 10 samples of 2 x 3; sample i holds 100 i + j, label i % 4.
ctnet::dataset make(std::size_t n = 10, bool labelled = true) {
    ctnet::dataset d;
    d.sample_shape = {2, 3};
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < 6; ++j) d.images.push_back(static_cast<float>(100 * i + j));
        if (labelled) d.labels.push_back(static_cast<std::int32_t>(i % 4));
    }
    return d;
}

}  // namespace

BOOST_AUTO_TEST_CASE(dataset_accessors) {
    const auto d = make();
    BOOST_TEST(d.size() == 10u);
    BOOST_TEST(d.sample_size() == 6u);
    BOOST_TEST(d.sample(7)[0] == 700.0f);
    BOOST_TEST(d.sample(7)[5] == 705.0f);
    ctnet::dataset scalar{{1.0f, 2.0f, 3.0f}, {0, 1, 0}, {}};
    BOOST_TEST(scalar.sample_size() == 1u);
    BOOST_TEST(scalar.size() == 3u);
    ctnet::dataset empty_samples{{}, {1, 2}, {0, 5}};
    BOOST_TEST(empty_samples.sample_size() == 0u);
    BOOST_TEST(empty_samples.size() == 2u);
}

BOOST_AUTO_TEST_CASE(split_keeps_order_shape_and_labels) {
    const auto d = make();
    for (std::size_t n : {0u, 1u, 4u, 9u, 10u}) {
        const auto [first, rest] = ctnet::split(d, n);
        BOOST_TEST(first.size() == n);
        BOOST_TEST(rest.size() == 10 - n);
        BOOST_TEST(first.sample_shape == d.sample_shape);
        BOOST_TEST(rest.sample_shape == d.sample_shape);
        BOOST_TEST(first.labels.size() == n);
        BOOST_TEST(rest.labels.size() == 10 - n);
        for (std::size_t i = 0; i < 10; ++i) {
            const auto& part = i < n ? first : rest;
            const std::size_t k = i < n ? i : i - n;
            for (std::size_t j = 0; j < 6; ++j) BOOST_TEST(part.sample(k)[j] == d.sample(i)[j]);
            BOOST_TEST(part.labels[k] == d.labels[i]);
        }
    }
}

BOOST_AUTO_TEST_CASE(split_copies) {
    auto d = make();
    auto [first, rest] = ctnet::split(d, 4);
    d.images.assign(d.images.size(), -1.0f);
    d.labels.assign(d.labels.size(), -1);
    BOOST_TEST(first.sample(1)[2] == 102.0f);
    BOOST_TEST(rest.sample(0)[0] == 400.0f);
    BOOST_TEST(rest.labels[1] == 1);
}

BOOST_AUTO_TEST_CASE(split_unlabelled) {
    const auto [first, rest] = ctnet::split(make(5, false), 2);
    BOOST_TEST(first.size() == 2u);
    BOOST_TEST(rest.size() == 3u);
    BOOST_TEST(first.labels.empty());
    BOOST_TEST(rest.labels.empty());
}

BOOST_AUTO_TEST_CASE(split_out_of_range_throws) {
    const auto d = make();
    BOOST_CHECK_EXCEPTION(ctnet::split(d, 11), std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()) == "ctnet::split: first_count is 11 but the dataset has only 10 samples";
    });
}

BOOST_AUTO_TEST_CASE(split_inconsistent_dataset_throws) {
    auto d = make();
    d.labels.pop_back();
    BOOST_CHECK_THROW(ctnet::split(d, 3), std::invalid_argument);
    auto e = make(10, false);
    e.images.pop_back();  // 59 floats: not whole samples of 6
    BOOST_CHECK_THROW(ctnet::split(e, 3), std::invalid_argument);
}
