// Tests of await_target: any answer will do, nothing listening is exit code
// 3, and an interrupt cuts the wait short.

#include "actors/await_target.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http/server.hpp"
#include "http/url.hpp"

namespace throng::actors {
namespace {

using std::chrono::milliseconds;

http::client_options options_for(const std::string& url) {
  http::client_options o;
  o.target = *http::parse_url(url);
  o.timeout = milliseconds(5000);
  return o;
}

/// A server on a free loopback port that answers every request with `status`.
std::unique_ptr<http::server> answering(int status) {
  auto s = http::server::start(http::server_options{}, [status](const http::server_request&) {
    http::server_response r;
    r.status = status;
    return r;
  });
  EXPECT_TRUE(s) << (s ? "" : s.error().message);
  return s ? std::move(*s) : nullptr;
}

TEST(await_target, a_target_that_answers_is_reachable_whatever_its_status) {
  std::atomic<int> interrupt{0};
  for (int status : {200, 404, 503}) {
    auto srv = answering(status);
    ASSERT_TRUE(srv);
    auto url = "http://127.0.0.1:" + std::to_string(srv->port());
    auto r = await_target(options_for(url), milliseconds(2000), interrupt);
    EXPECT_TRUE(r) << status << ": " << (r ? "" : r.error().message);
  }
}

TEST(await_target, nothing_listening_is_unreachable_with_exit_code_3) {
  std::atomic<int> interrupt{0};
  auto r = await_target(options_for("http://127.0.0.1:1"), milliseconds(300), interrupt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_EQ(r.error().message,
            "target http://127.0.0.1:1 unreachable after 0 s (last error: connect)");
}

TEST(await_target, an_interrupt_ends_the_wait_after_one_try) {
  std::atomic<int> interrupt{1};
  // Were the wait not cut short, the test would time out.
  auto r = await_target(options_for("http://127.0.0.1:1"), std::chrono::minutes(10),
                        interrupt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().exit_code, 3);
  EXPECT_NE(r.error().message.find("unreachable after 600 s"), std::string::npos)
    << r.error().message;
}

} // namespace
} // namespace throng::actors
