#pragma once

// What an HTTP handler answers to one request after another, by status and
// Allow header: the 404s and 405s of the admin API's and the control API's
// tests.

#include <initializer_list>
#include <string>

#include <gtest/gtest.h>

namespace throng::http {

/// A request, by method and target, and what its answer must carry.
struct route_case {
  const char* method;
  const char* target;
  int status;
  const char* allow; // the Allow header
};

/// Checks what `call(method, target)`, returning an http::server_response,
/// answers to each case; a failure names the case.
template <class Call>
void expect_routes(Call call, std::initializer_list<route_case> cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string{c.method} + " " + c.target);
    auto r = call(c.method, c.target);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(r.allow, c.allow);
  }
}

} // namespace throng::http
