// blocking_client: one request, its whole answer, against scripted servers.

#include "http/blocking_client.hpp"

#include <chrono>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace std::chrono_literals;
using test::scripted_server;
using then = scripted_server::then;

namespace {

client_options options_for(const std::string& host, std::uint16_t port) {
  client_options opts;
  opts.target = *parse_url("http://" + host + ":" + std::to_string(port));
  opts.connections = 1;
  opts.timeout = 5s;
  return opts;
}

blocking_client make_client(const client_options& opts) {
  auto c = blocking_client::create(opts);
  EXPECT_TRUE(c) << c.error().message;
  return std::move(*c);
}

request make(method verb, std::string target, std::string body = {},
             std::string token = {}) {
  request r;
  r.verb = verb;
  r.target = std::move(target);
  r.body = std::move(body);
  r.token = std::move(token);
  return r;
}

// Answers every request with `bytes`; with `drip`, one byte at a time, so
// that the answer arrives in many reads.
scripted_server::script answering(std::string bytes, std::chrono::milliseconds drip = 0ms) {
  return [bytes = std::move(bytes), drip](const scripted_server::received&) {
    return scripted_server::reply{bytes, then::keep_open, drip};
  };
}

TEST(blocking_client, returns_the_whole_answer_to_a_request) {
  scripted_server server{
    answering(scripted_server::response(202, R"({"taken":"yes, all of it"})"), 1ms)};
  auto c = make_client(options_for("127.0.0.1", server.port()));
  auto r = c.exchange(make(method::post, "/accounts", R"({"add":3})", "tok"));
  EXPECT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, R"({"taken":"yes, all of it"})");
  auto seen = server.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].head.rfind("POST /accounts HTTP/1.1\r\n", 0), 0u) << seen[0].head;
  EXPECT_NE(seen[0].head.find("\r\nAuthorization: Bearer tok\r\n"), std::string::npos);
  EXPECT_EQ(seen[0].body, R"({"add":3})");
}

TEST(blocking_client, reads_a_chunked_answer_whole) {
  scripted_server server{answering("HTTP/1.1 200 OK\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\n"
                                   "9\r\n{\"live\": \r\n"
                                   "4\r\n7, \"\r\n"
                                   "9\r\nrpm\": 60}\r\n"
                                   "0\r\n\r\n",
                                   1ms)};
  auto c = make_client(options_for("127.0.0.1", server.port()));
  auto r = c.exchange(make(method::get, "/status"));
  EXPECT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"live": 7, "rpm": 60})");
}

TEST(blocking_client, reaches_a_server_by_host_name) {
  scripted_server server{answering(scripted_server::response(200, "{}"))};
  auto c = make_client(options_for("localhost", server.port()));
  auto r = c.exchange(make(method::get, "/status"));
  EXPECT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.status, 200);
}

TEST(blocking_client, exchanges_share_one_keep_alive_connection) {
  scripted_server server{answering(scripted_server::response(200, "{}"))};
  auto c = make_client(options_for("127.0.0.1", server.port()));
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(c.exchange(make(method::get, "/")).status, 200) << i;
  EXPECT_EQ(server.accepts(), 1u);
}

TEST(blocking_client, a_server_that_never_answers_is_a_timeout) {
  scripted_server server{[](const scripted_server::received&) {
    return scripted_server::reply{"", then::stall};
  }};
  auto opts = options_for("127.0.0.1", server.port());
  opts.timeout = 100ms;
  auto c = make_client(opts);
  auto r = c.exchange(make(method::post, "/stop"));
  EXPECT_EQ(r.error, failure::timeout) << to_string(r.error);
}

TEST(blocking_client, a_refused_connection_is_a_connect_failure) {
  auto c = make_client(options_for("127.0.0.1", test::unused_port()));
  EXPECT_EQ(c.exchange(make(method::get, "/")).error, failure::connect);
}

TEST(blocking_client, create_rejects_options_that_cannot_work) {
  auto opts = options_for("127.0.0.1", 1);
  opts.connections = 0;
  auto c = blocking_client::create(opts);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("connections"), std::string::npos) << c.error().message;
}

} // namespace
