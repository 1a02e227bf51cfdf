// network_type: the concept of a network declaration (a sequential, or a type derived from one).
#pragma once

namespace ctnet {

template <class T>
concept network_type = requires { typename T::layer_list; };

} // namespace ctnet
