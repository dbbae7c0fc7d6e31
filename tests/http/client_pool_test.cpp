// Tests of client_pool against scripted servers: answers, request heads,
// keep-alive reuse and order, stopping and the options it refuses.

#include "http/client_pool.hpp"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
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

/// A pool of two connections to a server that answers every request 200.
struct pool_to_ok_server : ::testing::Test {
  void SetUp() override {
    ASSERT_TRUE(pool);
  }

  scripted_server server{ok_json()};
  std::unique_ptr<client_pool> pool = make_pool(options_for(server.port()));
};

/// What a server answers to every GET / (`bytes`, then `after`) and what
/// `gets` of them sent in turn over a new pool of two connections see: each
/// answered with `body` and `shard`, over `accepts` connections in all.
struct answers_in_turn {
  std::string bytes;
  then after;
  int gets;
  std::string body;
  std::string shard;
  std::size_t accepts;
};

void expect_answers(const answers_in_turn& c) {
  scripted_server server{always(c.bytes, c.after)};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  for (int i = 0; i < c.gets; ++i) {
    SCOPED_TRACE(i);
    auto r = call(*pool, get("/"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error, failure::none);
    EXPECT_EQ(r->body, c.body);
    EXPECT_EQ(r->shard, c.shard);
  }
  EXPECT_EQ(server.accepts(), c.accepts);
}

} // namespace

TEST(client_pool, answers_with_status_body_and_shard) {
  scripted_server server{
    always(scripted_server::response(201, R"({"id":"a1"})", "shard-2"))};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto before = now_ns();
  auto r = call(*pool, get("/v1/accounts/a1"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::none);
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, R"({"id":"a1"})");
  EXPECT_EQ(r->shard, "shard-2");
  EXPECT_GE(r->sent_ns, before);
  EXPECT_LE(r->sent_ns, r->received_ns);
}

TEST(client_pool, sends_the_expected_request_headers) {
  scripted_server server{ok_json()};
  auto pool = make_pool(options_for(server.port(), "/base/"));
  ASSERT_TRUE(pool);
  request post;
  post.verb = method::post;
  post.target = "/v1/accounts";
  post.body = R"({"name":"n","password":"p"})";
  post.token = "tok-1";
  ASSERT_TRUE(call(*pool, post));
  request del;
  del.verb = method::del;
  del.target = "/v1/sessions/current";
  ASSERT_TRUE(call(*pool, del));
  request put;
  put.verb = method::put;
  put.target = "/v1/accounts/a";
  ASSERT_TRUE(call(*pool, put));

  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 3u);
  const auto& p = seen[0].head;
  auto host = "\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n";
  EXPECT_EQ(p.rfind("POST /base/v1/accounts HTTP/1.1\r\n", 0), 0u) << p;
  EXPECT_TRUE(contains(p, host)) << p;
  EXPECT_TRUE(contains(p, "\r\nUser-Agent: throng/0.1\r\n")) << p;
  EXPECT_TRUE(contains(p, "\r\nContent-Type: application/json\r\n")) << p;
  EXPECT_TRUE(contains(p, "\r\nAuthorization: Bearer tok-1\r\n")) << p;
  EXPECT_TRUE(contains(p, "\r\nContent-Length: 27\r\n")) << p;
  EXPECT_EQ(seen[0].body, post.body);

  const auto& d = seen[1].head;
  EXPECT_EQ(d.rfind("DELETE /base/v1/sessions/current HTTP/1.1\r\n", 0), 0u);
  EXPECT_TRUE(contains(d, host)) << d;
  EXPECT_FALSE(contains(d, "Authorization")) << d;
  EXPECT_FALSE(contains(d, "Content-Type")) << d;
  EXPECT_FALSE(contains(d, "Content-Length")) << d;

  // A PUT without a body still says how long its (empty) body is.
  const auto& u = seen[2].head;
  EXPECT_EQ(u.rfind("PUT /base/v1/accounts/a HTTP/1.1\r\n", 0), 0u);
  EXPECT_TRUE(contains(u, "\r\nContent-Length: 0\r\n")) << u;
  EXPECT_FALSE(contains(u, "Content-Type")) << u;
}

TEST(client_pool, error_statuses_are_answers) {
  scripted_server server{
    always(scripted_server::response(404, R"({"error":"no such note"})"))};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  auto r = call(*pool, get("/v1/accounts/x"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::none);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"error":"no such note"})");
  EXPECT_EQ(r->shard, "");
}

TEST(client_pool, reads_chunked_bodies) {
  expect_answers({"HTTP/1.1 200 OK\r\n"
                  "Transfer-Encoding: chunked\r\n"
                  "x-shard: s1\r\n\r\n"
                  "5\r\n{\"a\":\r\n"
                  "3\r\n12}\r\n"
                  "0\r\n\r\n",
                  then::keep_open, 2, R"({"a":12})", "s1", 1});
}

TEST(client_pool, reads_a_body_that_ends_with_the_connection) {
  expect_answers({"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"to\":\"eof\"}", then::close, 2,
                  R"({"to":"eof"})", "", 2});
}

TEST_F(pool_to_ok_server, many_requests_reuse_few_connections) {
  constexpr std::size_t n = 200;
  answer_log log{n};
  for (std::size_t i = 0; i < n; ++i)
    pool->submit(get("/r" + std::to_string(i)), log.slot(i));
  ASSERT_TRUE(log.wait());
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(log.at(i).error, failure::none) << i;
    EXPECT_EQ(log.at(i).status, 200) << i;
    EXPECT_EQ(log.calls(i), 1u) << i;
  }
  EXPECT_EQ(server.requests().size(), n);
  EXPECT_GE(server.accepts(), 1u);
  EXPECT_LE(server.accepts(), 2u);
}

TEST(client_pool, one_connection_sends_in_submission_order) {
  scripted_server server{ok_json()};
  auto pool = make_pool(one_connection(server.port()));
  ASSERT_TRUE(pool);
  constexpr std::size_t n = 20;
  answer_log log{n};
  for (std::size_t i = 0; i < n; ++i)
    pool->submit(get("/r" + std::to_string(i)), log.slot(i));
  ASSERT_TRUE(log.wait());
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), n);
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_EQ(seen[i].head.rfind("GET /r" + std::to_string(i) + " ", 0), 0u)
      << seen[i].head;
  EXPECT_EQ(server.accepts(), 1u);
}

TEST_F(pool_to_ok_server, callbacks_and_posts_run_on_the_io_thread) {
  answer_log log{2};
  pool->submit(get("/"), log.slot(0));
  pool->post([&log] { log.slot(1)(response{}); });
  ASSERT_TRUE(log.wait());
  auto threads = log.threads();
  ASSERT_EQ(threads.size(), 2u);
  EXPECT_EQ(threads[0], threads[1]);
  EXPECT_NE(threads[0], std::this_thread::get_id());
}

// As an account running on the pool's thread submits: at once, without
// the hand-over, each answered once, on that thread.
TEST_F(pool_to_ok_server, submits_from_the_pools_own_thread_are_answered) {
  constexpr std::size_t n = 50;
  answer_log log{n + 1};
  pool->post([&] {
    for (std::size_t i = 0; i < n; ++i)
      pool->submit(get("/own" + std::to_string(i)), log.slot(i));
    log.slot(n)(response{});
  });
  ASSERT_TRUE(log.wait());
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(log.at(i).status, 200) << i;
    EXPECT_EQ(log.calls(i), 1u) << i;
  }
  auto threads = log.threads();
  ASSERT_EQ(threads.size(), n + 1);
  EXPECT_EQ(std::count(threads.begin(), threads.end(), threads[0]), std::ptrdiff_t{n + 1});
  EXPECT_NE(threads[0], std::this_thread::get_id());
  EXPECT_EQ(server.requests().size(), n);
}

TEST(client_pool, connection_close_is_honoured) {
  auto answer = scripted_server::response(200, "{}");
  answer.insert(answer.find("\r\n") + 2, "Connection: close\r\n");
  expect_answers({answer, then::close, 3, "{}", "", 3});
}

// A server that drops a keep-alive connection without saying so costs the
// next request on it: that request fails and is not sent again.
TEST(client_pool, silent_close_fails_the_next_request_without_resending) {
  scripted_server server{always(scripted_server::response(200, "{}"),
                                then::close)};
  auto pool = make_pool(one_connection(server.port()));
  ASSERT_TRUE(pool);
  auto first = call(*pool, get("/1"));
  auto second = call(*pool, get("/2"));
  auto third = call(*pool, get("/3"));
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->error, failure::none);
  EXPECT_EQ(second->error, failure::reset);
  EXPECT_GT(second->sent_ns, 0);
  EXPECT_EQ(third->error, failure::none);
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].head.rfind("GET /3 ", 0), 0u);
  EXPECT_EQ(server.accepts(), 2u);
}

TEST(client_pool, idle_connections_are_reopened_not_reused) {
  scripted_server server{ok_json()};
  auto opts = one_connection(server.port());
  opts.max_idle = 50ms;
  auto pool = make_pool(opts);
  ASSERT_TRUE(pool);
  ASSERT_TRUE(call(*pool, get("/")));
  std::this_thread::sleep_for(200ms);
  auto r = call(*pool, get("/"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::none);
  EXPECT_EQ(server.accepts(), 2u);
}

TEST(client_pool, stop_answers_every_request_once_with_reset) {
  scripted_server server{always("", then::stall)};
  auto pool = make_pool(options_for(server.port()));
  ASSERT_TRUE(pool);
  constexpr std::size_t n = 10;
  answer_log log{n};
  for (std::size_t i = 0; i < n; ++i)
    pool->submit(get("/"), log.slot(i));
  ASSERT_TRUE(wait_for_requests(server, 2)); // two in flight, eight queued
  pool->stop();
  EXPECT_EQ(log.not_answered_once(), std::vector<std::size_t>{});
  for (std::size_t i = 0; i < n; ++i)
    EXPECT_EQ(log.at(i).error, failure::reset) << i;
  EXPECT_GT(log.at(0).sent_ns, 0);
  pool->stop();
  pool.reset();
  EXPECT_EQ(log.not_answered_once(), std::vector<std::size_t>{});
}

TEST_F(pool_to_ok_server, submit_after_stop_fails_at_once) {
  pool->stop();
  answer_log log{1};
  pool->submit(get("/"), log.slot(0));
  ASSERT_EQ(log.calls(0), 1u);
  EXPECT_EQ(log.at(0).error, failure::reset);
  EXPECT_EQ(log.threads().front(), std::this_thread::get_id());
  EXPECT_EQ(server.accepts(), 0u);
}

TEST_F(pool_to_ok_server, submits_racing_stop_are_all_answered) {
  constexpr std::size_t n = 2000;
  answer_log log{n};
  std::thread submitter{[&] {
    for (std::size_t i = 0; i < n; ++i)
      pool->submit(get("/"), log.slot(i));
  }};
  pool->stop();
  submitter.join();
  // Each submit was answered before stop() returned or failed at once.
  EXPECT_EQ(log.not_answered_once(), std::vector<std::size_t>{});
}

TEST_F(pool_to_ok_server, post_after_stop_drops_the_function_at_once) {
  pool->stop();
  auto held = std::make_shared<int>(0);
  bool ran = false;
  pool->post([held, &ran] { ran = true; });
  EXPECT_EQ(held.use_count(), 1);
  EXPECT_FALSE(ran);
}

TEST(client_pool, create_rejects_options_that_cannot_work) {
  auto opts = options_for(80);
  opts.connections = 0;
  auto none = client_pool::create(opts);
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().message.find("connections"), std::string::npos);
  opts = options_for(80);
  opts.timeout = 0ms;
  auto no_time = client_pool::create(opts);
  ASSERT_FALSE(no_time.has_value());
  EXPECT_NE(no_time.error().message.find("timeout"), std::string::npos);
}

// More than a socket takes at once: what the first send leaves goes out
// through the asynchronous write.
TEST(client_pool, a_body_larger_than_the_socket_takes_at_once_goes_out_whole) {
  scripted_server server{ok_json()};
  auto pool = make_pool(one_connection(server.port()));
  ASSERT_TRUE(pool);
  request post;
  post.verb = method::post;
  post.target = "/v1/big";
  post.body.assign(std::size_t{16} << 20, 'b');
  post.body.back() = 'e';
  auto r = call(*pool, post);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error, failure::none);
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].body, post.body);
}

// Bytes after an answer were never asked for: the connection is out of
// step and is not used again.
TEST(client_pool, bytes_after_the_answer_retire_the_connection) {
  scripted_server server{always(scripted_server::response(200, "{}") + "HTTP/1.1 200")};
  auto pool = make_pool(one_connection(server.port()));
  ASSERT_TRUE(pool);
  for (int i = 0; i < 2; ++i) {
    auto r = call(*pool, get("/v1/x"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->error, failure::none) << i;
    EXPECT_EQ(r->status, 200) << i;
    EXPECT_EQ(r->body, "{}") << i;
  }
  EXPECT_EQ(server.accepts(), 2u);
}
