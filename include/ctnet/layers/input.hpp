// input: the first layer of every network, fixing the per-sample shape.
#pragma once

#include <cstddef>

#include <ctnet/core/records.hpp>

namespace ctnet {

/// `input<28, 28>`: samples of shape 28 x 28 (Keras `Input(shape=[28, 28])`); rank 1 to 4, every
/// extent at least 1. Owns no parameters. Must be the first layer, and only the first.
template <std::size_t... Dims>
struct input {
    static_assert(sizeof...(Dims) >= 1 && sizeof...(Dims) <= 4, "ctnet::input: give 1 to 4 extents, e.g. input<28, 28>");
    static_assert(((Dims > 0) && ...), "ctnet::input: every extent must be at least 1");
    static constexpr detail::layer_record layer = [] {
        detail::layer_record r;
        r.kind = detail::layer_kind::input;
        r.input_shape = shape{sizeof...(Dims), {Dims...}};
        return r;
    }();
};

} // namespace ctnet
