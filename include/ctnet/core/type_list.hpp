// type_list: a pack of types, and O(1)-depth indexing into it.
#pragma once

#include <cstddef>
#include <utility>

namespace ctnet::detail {

template <class... T>
struct type_list {
    static constexpr std::size_t size = sizeof...(T);
};

template <std::size_t I, class T>
struct indexed {
    using type = T;
};

template <class Indices, class... T>
struct indexer;

template <std::size_t... I, class... T>
struct indexer<std::index_sequence<I...>, T...> : indexed<I, T>... {};

template <std::size_t I, class T>
indexed<I, T> select_indexed(const indexed<I, T>&);

template <std::size_t I, class List>
struct type_at_impl;

template <std::size_t I>
struct type_at_impl<I, type_list<>> {
    using type = void;  // out of range: only named by reporters of verdicts that cannot occur
};

template <std::size_t I, class... T>
struct type_at_impl<I, type_list<T...>> {
    using type = typename decltype(select_indexed<I>(indexer<std::index_sequence_for<T...>, T...>{}))::type;
};

/// The I-th type of a type_list; a flat lookup, so deep networks do not deepen instantiation.
template <std::size_t I, class List>
using type_at = typename type_at_impl<I, List>::type;

} // namespace ctnet::detail
