#pragma once

// A hash map keyed by strings that finds by std::string_view, as the stores'
// directories do on every request, without building a std::string.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace throng::server {

/// A transparent string hash: a std::string and a std::string_view of the
/// same characters hash the same.
struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

/// A map from strings to `V` whose find, count and contains take a
/// std::string_view. A plain std::unordered_map: not thread-safe.
template <class V>
using string_map = std::unordered_map<std::string, V, string_hash, std::equal_to<>>;

} // namespace throng::server
