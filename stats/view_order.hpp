#pragma once

// An ordering of tuple keys that holds strings, under which a map of them
// is searched with tuples of string views.

#include <string>
#include <string_view>
#include <tuple>

namespace throng::stats {

/// Orders tuples element by element, each std::string compared as a
/// std::string_view, so that a std::map keyed by a tuple holding strings is
/// searched with the same tuple holding views (no string made for a key
/// already there). Transparent; stateless, thread-safe.
struct view_order {
  using is_transparent = void;

  template <class... A, class... B>
  bool operator()(const std::tuple<A...>& a, const std::tuple<B...>& b) const noexcept {
    return views(a) < views(b);
  }

private:
  template <class T>
  static const T& view(const T& x) noexcept {
    return x;
  }

  static std::string_view view(const std::string& x) noexcept {
    return x;
  }

  template <class... T>
  static auto views(const std::tuple<T...>& t) noexcept {
    return std::apply([](const auto&... x) { return std::tuple{view(x)...}; }, t);
  }
};

} // namespace throng::stats
