// Tests of client_pool against scripted servers that fail: refused
// connections, timeouts, resets, protocol failures and size limits.

#include "http/client_pool.hpp"

#include <atomic>
#include <chrono>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "tests/http/answer_log.hpp"
#include "tests/http/client_pool_helpers.hpp"
#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace throng::http::test;
using namespace std::chrono_literals;
using then = scripted_server::then;

TEST(client_pool, refused_connection_is_a_connect_failure) {
  auto pool = make_pool(options_for(test::unused_port()));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::connect);
  EXPECT_EQ(r->sent_ns, 0);
  EXPECT_GT(r->received_ns, 0);
}

TEST(client_pool, stalled_server_times_out_and_next_request_reconnects) {
  std::atomic<int> seen{0};
  scripted_server server{[&seen](const scripted_server::received&) {
    if (seen++ == 0)
      return scripted_server::reply{"", then::stall};
    return scripted_server::reply{scripted_server::response(200, "{}")};
  }};
  auto opts = options_for(server.port());
  opts.connections = 1;
  opts.timeout = 200ms;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::timeout);
  EXPECT_GT(r->sent_ns, 0);
  auto next = call(*pool, get("/"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->error, failure::none);
  EXPECT_EQ(server.accepts(), 2u);
}

TEST(client_pool, answer_dripping_one_byte_at_a_time_times_out_as_a_whole) {
  scripted_server server{[](const scripted_server::received&) {
    // Each byte comes well within the timeout; the whole answer does not.
    return scripted_server::reply{scripted_server::response(200, "{}"),
                                  then::keep_open, 20ms};
  }};
  auto opts = options_for(server.port());
  opts.connections = 1;
  opts.timeout = 300ms;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::timeout);
}

TEST(client_pool, queued_requests_time_out_too) {
  scripted_server server{always("", then::stall)};
  auto opts = options_for(server.port());
  opts.connections = 1;
  opts.timeout = 200ms;
  auto pool = make_pool(opts);
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

TEST(client_pool, close_in_the_middle_of_the_body_is_a_reset) {
  scripted_server server{
    always("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":",
           then::close)};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::reset);
}

TEST(client_pool, close_before_any_answer_is_a_reset) {
  scripted_server server{always("", then::close)};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::reset);
}

TEST(client_pool, garbage_is_a_protocol_failure_and_closes_the_connection) {
  std::atomic<int> seen{0};
  scripted_server server{[&seen](const scripted_server::received&) {
    if (seen++ == 0)
      return scripted_server::reply{"SSH-2.0-OpenSSH_9.2\r\n\r\n"};
    return scripted_server::reply{scripted_server::response(200, "{}")};
  }};
  auto opts = options_for(server.port());
  opts.connections = 1;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::protocol);
  auto next = call(*pool, get("/"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->error, failure::none);
  EXPECT_EQ(server.accepts(), 2u);
}

TEST(client_pool, bad_chunk_size_is_a_protocol_failure) {
  scripted_server server{always("HTTP/1.1 200 OK\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n"
                                "zz\r\nhello\r\n0\r\n\r\n")};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::protocol);
}

TEST(client_pool, declared_length_over_the_limit_is_refused_early) {
  std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n";
  answer.append(1 << 20, 'x');
  scripted_server server{always(answer, then::stall)};
  auto opts = options_for(server.port());
  opts.max_response_bytes = 64 * 1024;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::protocol);
  EXPECT_TRUE(r->body.empty());
}

TEST(client_pool, chunked_body_over_the_limit_is_cut_off) {
  std::string answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 256; ++i)
    answer += "1000\r\n" + std::string(4096, 'x') + "\r\n";
  scripted_server server{always(answer, then::stall)};
  auto opts = options_for(server.port());
  opts.max_response_bytes = 64 * 1024;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::protocol);
}

TEST(client_pool, headers_over_the_limit_are_a_protocol_failure) {
  std::string answer = "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(4096, 'p')
                       + "\r\nContent-Length: 2\r\n\r\n{}";
  scripted_server server{always(answer)};
  auto opts = options_for(server.port());
  opts.max_response_bytes = 1024;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::protocol);
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
  for (auto [total, expected] : {std::pair{limit, failure::none},
                                 std::pair{limit + 1, failure::protocol}}) {
    auto answer = answer_of_size(total);
    ASSERT_EQ(answer.size(), total);
    scripted_server server{always(answer)};
    auto opts = options_for(server.port());
    opts.max_response_bytes = limit;
    auto pool = make_pool(opts);
    ASSERT_TRUE(pool);
    auto r = call(*pool, get("/"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error, expected) << total;
  }
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
