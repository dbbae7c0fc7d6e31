// Tests of notes_server over sockets: keep-alive, pipelining, limits,
// timeouts, malformed requests, threads, the admin API over HTTP.

#include "server/notes_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/blocking_client.hpp"
#include "tests/server/raw_client.hpp"

namespace throng::server {
namespace {

using json = nlohmann::json;
using http::method;

class notes_server_test : public ::testing::Test {
protected:
  void start(service_options opts = {}) {
    auto s = notes_server::start(opts);
    ASSERT_TRUE(s) << s.error().message;
    server = std::move(*s);
    ASSERT_NE(server->port(), 0);
  }

  // A raw connection: for the tests that send malformed bytes or read
  // headers and connection state.
  raw_client connect() {
    raw_client c{server->port()};
    EXPECT_TRUE(c.connected());
    return c;
  }

  // The project's client: for the tests that need only ordinary requests.
  http::blocking_client client() const {
    http::client_options co;
    co.target = *http::parse_url("http://127.0.0.1:" + std::to_string(server->port()));
    co.connections = 1;
    co.timeout = std::chrono::seconds{io_timeout_seconds};
    auto c = http::blocking_client::create(co);
    EXPECT_TRUE(c) << c.error().message;
    return std::move(*c);
  }

  // Checks that `r` is an answer with `status` and a JSON error body.
  static void expect_error(const std::optional<reply>& r, int status) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->header("content-type"), "application/json");
    auto j = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(j.is_object()) << r->body;
    EXPECT_TRUE(j.contains("error")) << r->body;
  }

  void expect_healthy() const {
    auto r = client().exchange({method::get, "/healthz", {}, {}});
    EXPECT_EQ(r.status, 200) << to_string(r.error);
  }

  std::unique_ptr<notes_server> server;
};

TEST_F(notes_server_test, answers_healthz_with_json_headers) {
  start();
  auto c = connect();
  auto r = c.request("GET", "/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body), (json{{"status", "ok"}}));
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->header("content-length"), std::to_string(r->body.size()));
  EXPECT_TRUE(r->header("x-shard").empty());
  EXPECT_NE(r->header("connection"), "close");
}

TEST_F(notes_server_test, counts_the_requests_it_answers_but_the_admin_apis) {
  start();
  EXPECT_EQ(server->answered(), 0u);
  auto c = connect();
  ASSERT_TRUE(c.request("GET", "/healthz"));
  ASSERT_TRUE(c.request("POST", "/v1/accounts", R"({"name": "bob", "password": "pw"})"));
  ASSERT_TRUE(c.request("GET", "/v1/admin/migrations"));
  EXPECT_EQ(server->answered(), 2u);
}

TEST_F(notes_server_test, serves_the_api_with_shards) {
  start(service_options{.shards = 4});
  auto c = connect();
  auto signup = c.request("POST", "/v1/accounts",
                          R"({"name": "alice", "password": "pw"})");
  ASSERT_TRUE(signup);
  ASSERT_EQ(signup->status, 201) << signup->body;
  auto acc = json::parse(signup->body);
  auto aid = acc.at("id").get<std::string>();
  auto token = acc.at("token").get<std::string>();
  auto shard = signup->header("x-shard");
  EXPECT_EQ(shard.rfind("shard-", 0), 0u);
  auto note = c.request("POST", "/v1/accounts/" + aid + "/notes",
                        R"({"content": "hi"})", token);
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, 201);
  EXPECT_EQ(note->header("x-shard"), shard);
  auto nid = json::parse(note->body).at("id").get<std::string>();
  auto del = c.request("DELETE", "/v1/accounts/" + aid + "/notes/" + nid, {},
                       token);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 204);
  EXPECT_TRUE(del->body.empty());
  EXPECT_TRUE(del->header("content-type").empty());
  EXPECT_EQ(del->header("x-shard"), shard);
  auto logout = c.request("DELETE", "/v1/sessions/current", {}, token);
  ASSERT_TRUE(logout);
  EXPECT_EQ(logout->status, 204);
  EXPECT_EQ(logout->header("x-shard"), shard);
  expect_error(c.request("GET", "/v1/accounts/" + aid, {}, token), 401);
  expect_error(c.request("PATCH", "/v1/accounts/" + aid), 405);
}

// No fault was given at the start; one switched on later takes effect.
TEST_F(notes_server_test, a_fault_switched_on_while_it_serves_takes_effect) {
  start();
  EXPECT_TRUE(server->faults().counts().empty());
  expect_healthy();
  auto c = connect();
  auto before = c.request("POST", "/v1/accounts", R"({"name": "bob", "password": "pw"})");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->status, 201);
  server->faults().set({fault_kind::error503, 1, {}});
  expect_error(c.request("POST", "/v1/accounts", R"({"name": "carol", "password": "pw"})"),
               503);
  server->faults().set({fault_kind::error503, 0, {}});
  auto after = c.request("POST", "/v1/accounts", R"({"name": "carol", "password": "pw"})");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 201) << after->body;
  EXPECT_EQ(server->faults().counts()[0].injected, 1u);
}

TEST_F(notes_server_test, a_wrong_method_gets_405_and_the_methods_the_path_takes) {
  start();
  auto c = connect();
  struct {
    const char* method;
    const char* target;
    const char* allow;
  } cases[] = {{"POST", "/healthz", "GET"},
               {"GET", "/v1/accounts", "POST"},
               {"DELETE", "/v1/sessions", "POST"},
               {"GET", "/v1/sessions/current", "DELETE"},
               {"PATCH", "/v1/accounts/a1", "GET, PUT"},
               {"DELETE", "/v1/accounts/a1/notes", "GET, POST"},
               {"POST", "/v1/accounts/a1/notes/n1", "GET, PUT, DELETE"}};
  for (const auto& k : cases) {
    SCOPED_TRACE(std::string{k.method} + " " + k.target);
    auto r = c.request(k.method, k.target);
    expect_error(r, 405);
    EXPECT_EQ(r->header("allow"), k.allow);
  }
  // An answer other than 405 names no methods.
  auto r = c.request("GET", "/v1/nowhere");
  expect_error(r, 404);
  EXPECT_EQ(r->header("allow"), "");
}

TEST_F(notes_server_test, reuses_one_connection_for_many_requests) {
  start();
  auto c = connect();
  for (int i = 0; i < 200; ++i) {
    auto r = c.request("GET", "/healthz");
    ASSERT_TRUE(r) << "request " << i;
    ASSERT_EQ(r->status, 200);
  }
  EXPECT_FALSE(c.closed_now());
}

TEST_F(notes_server_test, answers_pipelined_requests_in_order) {
  start();
  auto c = connect();
  std::string batch;
  for (int i = 0; i < 10; ++i)
    batch += i % 2 == 0 ? "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n"
                        : "GET /nowhere HTTP/1.1\r\nHost: t\r\n\r\n";
  ASSERT_TRUE(c.send(batch));
  for (int i = 0; i < 10; ++i) {
    auto r = c.read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, i % 2 == 0 ? 200 : 404);
  }
}

TEST_F(notes_server_test, closes_when_the_client_asks) {
  start();
  auto c = connect();
  ASSERT_TRUE(
    c.send("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(notes_server_test, closes_after_http_1_0_without_keep_alive) {
  start();
  auto c = connect();
  ASSERT_TRUE(c.send("GET /healthz HTTP/1.0\r\n\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(notes_server_test, refuses_a_body_over_the_limit_with_413) {
  start();
  auto c = connect();
  std::string body(2 * 1024 * 1024, 'x');
  ASSERT_TRUE(c.send("POST /v1/accounts HTTP/1.1\r\nHost: t\r\n"
                     "Content-Type: application/json\r\nContent-Length: "
                     + std::to_string(body.size()) + "\r\n\r\n"));
  // The server answers after the header and drains the rest, so the whole
  // upload goes through and the answer survives it.
  EXPECT_TRUE(c.send(body));
  auto r = c.read_reply();
  expect_error(r, 413);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
  expect_healthy();
}

TEST_F(notes_server_test, refuses_a_chunked_body_over_the_limit_with_413) {
  start();
  auto c = connect();
  std::string chunk(64 * 1024, 'x');
  std::string req = "POST /v1/accounts HTTP/1.1\r\nHost: t\r\n"
                    "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 32; ++i)
    req += "10000\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  EXPECT_TRUE(c.send(req));
  expect_error(c.read_reply(), 413);
  EXPECT_TRUE(c.closed_by_server());
}

TEST_F(notes_server_test, accepts_a_body_at_the_limit) {
  start();
  auto c = connect();
  auto signup = c.request("POST", "/v1/accounts",
                          R"({"name": "alice", "password": "pw"})");
  ASSERT_TRUE(signup);
  auto acc = json::parse(signup->body);
  // A JSON body of exactly 1 MiB: valid, but its content is over the note
  // limit, so the service (not the plumbing) refuses it with a 400.
  std::string prefix = R"({"content": ")";
  std::string suffix = R"("})";
  std::string body = prefix
                     + std::string(1024 * 1024 - prefix.size() - suffix.size(),
                                   'x')
                     + suffix;
  ASSERT_EQ(body.size(), 1024u * 1024u);
  auto r = c.request("POST", "/v1/accounts/" + acc.at("id").get<std::string>()
                               + "/notes",
                     body, acc.at("token").get<std::string>());
  expect_error(r, 400);
  EXPECT_NE(r->header("connection"), "close");
  EXPECT_EQ(c.request("GET", "/healthz")->status, 200);
}

TEST_F(notes_server_test, refuses_huge_headers) {
  start();
  auto c = connect();
  std::string pad(64 * 1024, 'a');
  ASSERT_TRUE(
    c.send("GET /healthz HTTP/1.1\r\nHost: t\r\nX-Pad: " + pad + "\r\n\r\n"));
  auto r = c.read_reply();
  expect_error(r, 431);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_by_server());
  expect_healthy();
}

TEST_F(notes_server_test, answers_a_malformed_request_with_400_and_closes) {
  start();
  for (auto garbage :
       {"GARBAGE\r\n\r\n", "GET /healthz HTTX/1.1\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n",
        "POST /v1/accounts HTTP/1.1\r\nContent-Length: x\r\n\r\n",
        "\x01\x02\x03\r\n\r\n"}) {
    auto c = connect();
    ASSERT_TRUE(c.send(garbage));
    expect_error(c.read_reply(), 400);
    EXPECT_TRUE(c.closed_by_server()) << garbage;
  }
  expect_healthy();
}

TEST_F(notes_server_test, survives_truncated_requests) {
  start();
  {
    auto c = connect();
    ASSERT_TRUE(c.send("POST /v1/accounts HTTP/1.1\r\nHost: t\r\n"
                       "Content-Length: 100\r\n\r\n{\"na"));
  }
  {
    auto c = connect();
    ASSERT_TRUE(c.send("GET /heal"));
    c.shutdown_send();
    EXPECT_TRUE(c.closed_by_server());
  }
  {
    auto c = connect();
    ASSERT_TRUE(c.send("POST /v1/accounts HTTP/1.1\r\nHost: t\r\n"
                       "Content-Length: 100\r\n\r\n{\"na"));
    c.shutdown_send();
    EXPECT_TRUE(c.closed_by_server());
  }
  expect_healthy();
}

TEST_F(notes_server_test, times_out_idle_and_slow_clients) {
  start(service_options{.read_timeout = std::chrono::milliseconds{300}});
  auto idle = connect();
  auto partial = connect();
  ASSERT_TRUE(partial.send("GET /healthz HTTP/1.1\r\nHost: t\r\n"));
  EXPECT_TRUE(idle.closed_by_server());
  EXPECT_TRUE(partial.closed_by_server());

  // A client that keeps sending, one byte at a time, a header that never
  // ends is cut off too: the timeout covers the whole request, not each read.
  auto dribbler = connect();
  ASSERT_TRUE(dribbler.send("GET /healthz HTTP/1.1\r\nX-Slow: "));
  bool closed = false;
  for (int i = 0; i < 500 && !closed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
    closed = !dribbler.send("a") || dribbler.closed_now();
  }
  EXPECT_TRUE(closed);
  expect_healthy();
}

TEST_F(notes_server_test, holds_thousands_of_idle_connections) {
  // Each connection costs two descriptors here (client and server in one
  // process): take what the hard limit allows, up to 2,000 connections.
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max;
  setrlimit(RLIMIT_NOFILE, &files);
  getrlimit(RLIMIT_NOFILE, &files);
  auto connections = std::min<rlim_t>(2000, (files.rlim_cur - 64) / 2);
  ASSERT_GE(connections, 500u) << "the descriptor limit is too low";
  start();
  std::vector<raw_client> idle;
  for (rlim_t i = 0; i < connections; ++i) {
    idle.emplace_back(server->port());
    ASSERT_TRUE(idle.back().connected()) << i;
  }
  expect_healthy();
  for (std::size_t i = 0; i < idle.size(); i += 100) {
    auto r = idle[i].request("GET", "/healthz");
    ASSERT_TRUE(r) << "idle connection " << i;
    EXPECT_EQ(r->status, 200);
  }
}

TEST_F(notes_server_test, serves_concurrent_clients_on_several_threads) {
  start(service_options{.threads = 2, .shards = 3});
  constexpr int clients = 4;
  constexpr int notes_each = 50;
  std::vector<int> created(clients, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t)
    threads.emplace_back([this, t, &created] {
      auto c = client();
      auto signup = c.exchange({method::post, "/v1/accounts",
                                json{{"name", "user" + std::to_string(t)},
                                     {"password", "pw"}}
                                  .dump(),
                                {}});
      if (signup.status != 201)
        return;
      auto acc = json::parse(signup.body);
      auto notes = "/v1/accounts/" + acc.at("id").get<std::string>() + "/notes";
      auto token = acc.at("token").get<std::string>();
      for (int i = 0; i < notes_each; ++i) {
        auto r = c.exchange({method::post, notes, R"({"content": "x"})", token});
        if (r.status == 201)
          ++created[static_cast<std::size_t>(t)];
      }
      auto list = c.exchange({method::get, notes, {}, token});
      if (list.status != 200 || json::parse(list.body).at("notes").size() != notes_each)
        created[static_cast<std::size_t>(t)] = -1;
    });
  for (auto& th : threads)
    th.join();
  for (int n : created)
    EXPECT_EQ(n, notes_each);
}

TEST_F(notes_server_test, stop_closes_connections_and_is_idempotent) {
  start();
  auto c = connect();
  ASSERT_EQ(c.request("GET", "/healthz")->status, 200);
  server->stop();
  EXPECT_TRUE(c.closed_by_server());
  server->stop();
  raw_client late{server->port()};
  EXPECT_FALSE(late.connected());
}

TEST_F(notes_server_test, serves_the_admin_api_and_moves_accounts_over_http) {
  service_options opts;
  opts.admin_token = "s3cret";
  start(opts);
  auto c = client();
  auto a = c.exchange({method::post, "/v1/accounts", R"({"name":"mover","password":"pw"})", {}});
  ASSERT_EQ(a.status, 201) << to_string(a.error);
  auto account = json::parse(a.body);
  auto auth = account["token"].get<std::string>();
  auto path = "/v1/accounts/" + account["id"].get<std::string>() + "/notes";
  auto n = c.exchange({method::post, path, R"({"content":"kept"})", auth});
  ASSERT_EQ(n.status, 201) << to_string(n.error);
  auto from = n.shard;
  auto to = from == "shard-0" ? "shard-1" : "shard-0";
  EXPECT_EQ(c.exchange({method::get, "/v1/admin/shards", {}, {}}).status, 401);
  auto m = c.exchange({method::post, "/v1/admin/migrations",
                       R"({"from":")" + from + R"(","to":")" + to + R"("})", "s3cret"});
  ASSERT_EQ(m.status, 202) << m.body;
  for (int i = 0; i < 500; ++i) {
    auto s = c.exchange({method::get, "/v1/admin/migrations/m1", {}, "s3cret"});
    ASSERT_EQ(s.status, 200) << to_string(s.error);
    if (json::parse(s.body)["state"] != "running")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  auto list = c.exchange({method::get, path, {}, auth});
  ASSERT_EQ(list.status, 200) << to_string(list.error);
  EXPECT_EQ(list.shard, to);
  EXPECT_EQ(json::parse(list.body)["notes"][0]["content"], "kept");
}

TEST_F(notes_server_test, an_ambiguous_fault_drops_the_connection_unanswered) {
  service_options opts;
  opts.faults.push_back(*parse_fault("ambiguous:1"));
  start(opts);
  const http::request signup{method::post, "/v1/accounts", R"({"name":"x","password":"pw"})",
                             {}};
  EXPECT_EQ(client().exchange(signup).error, http::failure::reset);
  // The sign-up was applied: the name is taken now.
  auto again = client().exchange(signup);
  EXPECT_EQ(again.status, 409) << to_string(again.error);
  EXPECT_TRUE(json::parse(again.body, nullptr, false).contains("error")) << again.body;
}

TEST_F(notes_server_test, start_fails_on_a_port_in_use) {
  start();
  service_options opts;
  opts.port = server->port();
  auto second = notes_server::start(opts);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message.find("127.0.0.1:"
                                        + std::to_string(server->port())),
            std::string::npos)
    << second.error().message;
}

TEST_F(notes_server_test, start_rejects_bad_options) {
  EXPECT_FALSE(notes_server::start(service_options{.threads = 0}));
  EXPECT_FALSE(notes_server::start(service_options{.shards = 0}));
  auto bad = notes_server::start(service_options{.address = "not an address"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("not an address"), std::string::npos);
}

} // namespace
} // namespace throng::server
