// Tests of client_pool against scripted servers that fail: refused
// connections, timeouts, resets, protocol failures and size limits.

#include "http/client_pool.hpp"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "tests/http/answer_log.hpp"
#include "tests/http/client_pool_helpers.hpp"
#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace throng::http::test;
using namespace std::chrono_literals;
using then = scripted_server::then;

namespace {

/// A script whose first answer is `first` and every later one 200 `{}`.
scripted_server::script first_then_ok(scripted_server::reply first) {
  auto seen = std::make_shared<std::atomic<int>>(0);
  return [seen, first = std::move(first)](const scripted_server::received&) {
    if ((*seen)++ == 0)
      return first;
    return scripted_server::reply{scripted_server::response(200, "{}")};
  };
}

/// Sends GET / twice over one connection, `timeout` a request, to a server
/// whose first answer is `first`: the first request, sent, fails with
/// `expected`; the second goes over a new connection and is answered.
void expect_failure_then_a_new_connection(scripted_server::reply first,
                                          std::chrono::milliseconds timeout,
                                          failure expected) {
  scripted_server server{first_then_ok(std::move(first))};
  auto pool = make_pool(one_connection(server.port(), timeout));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, expected);
  EXPECT_GT(r->sent_ns, 0);
  auto next = call(*pool, get("/"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->error, failure::none);
  EXPECT_EQ(server.accepts(), 2u);
}

/// A server's answer to GET / and what it costs a new pool of two
/// connections whose answers may be `limit` bytes.
struct answer_case {
  const char* what;
  std::string bytes;
  then after;
  failure expected;
  std::size_t limit = client_options{}.max_response_bytes;
};

/// Checks each case against a server of its own.
void expect_outcomes(const std::vector<answer_case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    scripted_server server{always(c.bytes, c.after)};
    auto opts = options_for(server.port());
    opts.max_response_bytes = c.limit;
    auto r = answer_to_get(opts);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error, c.expected);
    if (c.expected != failure::none) {
      EXPECT_TRUE(r->body.empty());
    }
  }
}

} // namespace

TEST(client_pool, refused_connection_is_a_connect_failure) {
  auto r = answer_to_get(options_for(test::unused_port()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::connect);
  EXPECT_EQ(r->sent_ns, 0);
  EXPECT_GT(r->received_ns, 0);
}

TEST(client_pool, stalled_server_times_out_and_next_request_reconnects) {
  expect_failure_then_a_new_connection({"", then::stall}, 200ms, failure::timeout);
}

TEST(client_pool, garbage_is_a_protocol_failure_and_closes_the_connection) {
  expect_failure_then_a_new_connection({"SSH-2.0-OpenSSH_9.2\r\n\r\n"}, 5s, failure::protocol);
}

TEST(client_pool, answer_dripping_one_byte_at_a_time_times_out_as_a_whole) {
  // Each byte comes well within the timeout; the whole answer does not.
  scripted_server server{[](const scripted_server::received&) {
    return scripted_server::reply{scripted_server::response(200, "{}"),
                                  then::keep_open, 20ms};
  }};
  auto r = answer_to_get(one_connection(server.port(), 300ms));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::timeout);
}

TEST(client_pool, queued_requests_time_out_too) {
  scripted_server server{always("", then::stall)};
  auto pool = make_pool(one_connection(server.port(), 200ms));
  ASSERT_TRUE(pool);
  answer_log log{3};
  for (std::size_t i = 0; i < 3; ++i)
    pool->submit(get("/"), log.slot(i));
  ASSERT_TRUE(log.wait());
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(log.at(i).error, failure::timeout) << i;
    EXPECT_EQ(log.calls(i), 1u) << i;
  }
}

TEST(client_pool, broken_answers_are_resets_or_protocol_failures) {
  expect_outcomes({
    {"close in the middle of the body",
     "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":", then::close, failure::reset},
    {"close before any answer", "", then::close, failure::reset},
    {"bad chunk size",
     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
     then::keep_open, failure::protocol},
  });
}

TEST(client_pool, answers_over_the_limit_are_protocol_failures) {
  std::string declared = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n";
  declared.append(1 << 20, 'x');
  std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 256; ++i)
    chunked += "1000\r\n" + std::string(4096, 'x') + "\r\n";
  const std::string long_headers = "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(4096, 'p')
                                   + "\r\nContent-Length: 2\r\n\r\n{}";
  expect_outcomes({
    {"declared length over the limit, refused early", declared, then::stall, failure::protocol,
     64 * 1024},
    {"chunked body over the limit, cut off", chunked, then::stall, failure::protocol, 64 * 1024},
    {"headers over the limit", long_headers, then::keep_open, failure::protocol, 1024},
  });
}

TEST(client_pool, limit_counts_headers_and_body_together) {
  constexpr std::size_t limit = 1000;
  auto answer_of_size = [](std::size_t total) {
    // The head is the same length for every three-digit body length.
    std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 000\r\n\r\n";
    auto body_size = total - head.size();
    head.replace(head.find("000"), 3, std::to_string(body_size));
    return head + std::string(body_size, 'b');
  };
  auto at_limit = answer_of_size(limit);
  auto over_limit = answer_of_size(limit + 1);
  ASSERT_EQ(at_limit.size(), limit);
  ASSERT_EQ(over_limit.size(), limit + 1);
  expect_outcomes({
    {"at the limit", at_limit, then::keep_open, failure::none, limit},
    {"one byte over", over_limit, then::keep_open, failure::protocol, limit},
  });
}

TEST(client_pool, unsafe_target_or_token_is_not_sent) {
  scripted_server server{ok_json()};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto bad_target = call(*pool, get("/x HTTP/1.1\r\nX-Evil: 1\r\n\r\n"));
  request bad_token = get("/");
  bad_token.token = "t\r\nX-Evil: 1";
  auto bad_auth = call(*pool, bad_token);
  ASSERT_TRUE(bad_target && bad_auth);
  EXPECT_EQ(bad_target->error, failure::protocol);
  EXPECT_EQ(bad_target->sent_ns, 0);
  EXPECT_EQ(bad_auth->error, failure::protocol);
  EXPECT_EQ(server.accepts(), 0u);
}
