#pragma once

// The 405s of an HTTP handler's routes: every method a route does not take
// is refused with an Allow header naming those it does (the admin API's and
// the control API's tests).

#include <array>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace throng::http {

/// Returns whether `allow` ("GET, POST") lists `method`.
inline bool allows(std::string_view allow, std::string_view method) {
  while (!allow.empty()) {
    auto comma = allow.find(", ");
    if (allow.substr(0, comma) == method)
      return true;
    allow.remove_prefix(comma == std::string_view::npos ? allow.size() : comma + 2);
  }
  return false;
}

/// Checks that `call(method, target)`, returning an http::server_response,
/// answers 405 with `allow` as its Allow header for each of GET, POST, PUT
/// and DELETE that `allow` does not list; a failure names the request.
template <class Call>
void expect_only(Call call, const std::string& target, std::string_view allow) {
  static constexpr std::array<std::string_view, 4> methods{"GET", "POST", "PUT", "DELETE"};
  for (auto method : methods) {
    if (allows(allow, method))
      continue;
    SCOPED_TRACE(std::string{method} + " " + target);
    auto r = call(std::string{method}, target);
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.allow, allow);
  }
}

} // namespace throng::http
