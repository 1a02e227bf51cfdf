// input: the first layer of every network, fixing the per-sample shape.
#pragma once

#include <cstddef>

#include <ctnet/core/records.hpp>

namespace ctnet {

/// `input<28, 28>`: samples of shape 28 x 28 (Keras `Input(shape=[28, 28])`); rank 1 to 4, every
/// extent at least 1. Owns no parameters. Must be the first layer, and only the first.
template <std::size_t... Dims>
struct input {
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r;
        r.kind = detail::layer_kind::input;
        constexpr std::size_t dims[] = {Dims..., 0};
        constexpr std::size_t rank = sizeof...(Dims);
        r.input_shape.rank = rank <= 4 ? rank : 0;  // rank 0 is reported by the analysis
        for (std::size_t i = 0; i < rank && i < 4; ++i) r.input_shape.dims[i] = dims[i];
        return r;
    }();
};

} // namespace ctnet
