// Tests of request_style in the client (where the token goes, which header
// names the shard, which cookie is the session) and of the server's Cookie,
// Set-Cookie and shard header, against a real http::server.

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "http/blocking_client.hpp"
#include "http/server.hpp"
#include "tests/http/scripted_server.hpp"

using namespace throng::http;
using namespace std::chrono_literals;
using test::scripted_server;

namespace {

// A server whose answers say what it was sent: "method|authorization|
// cookie|body", with shard "shard-7" and the Set-Cookie `set_cookie`.
std::unique_ptr<server> start_echo(std::string shard_header, std::string set_cookie) {
  server_options opts;
  opts.shard_header = std::move(shard_header);
  auto s = server::start(opts, [set_cookie](const server_request& req) {
    server_response out;
    out.body = req.method + "|" + req.authorization + "|" + req.cookie + "|" + req.body;
    out.content_type = "text/plain";
    out.shard = "shard-7";
    out.set_cookie = set_cookie;
    return out;
  });
  EXPECT_TRUE(s) << s.error().message;
  return std::move(*s);
}

blocking_client client_for(std::uint16_t port, request_style style) {
  client_options opts;
  opts.target = *parse_url("http://127.0.0.1:" + std::to_string(port));
  opts.connections = 1;
  opts.timeout = 5s;
  opts.style = std::move(style);
  auto c = blocking_client::create(opts);
  EXPECT_TRUE(c) << c.error().message;
  return std::move(*c);
}

request make(method verb, std::string body, std::string token) {
  request r;
  r.verb = verb;
  r.target = "/x";
  r.body = std::move(body);
  r.token = std::move(token);
  return r;
}

request_style cookie_style() {
  request_style style;
  style.auth = auth_style::cookie;
  style.auth_name = "sid";
  style.shard_header = "X-Backend";
  style.session_cookie = "sid";
  return style;
}

TEST(request_style, the_default_sends_a_bearer_token_and_reads_x_shard) {
  auto s = start_echo("X-Shard", "sid=ignored");
  auto c = client_for(s->port(), request_style{});
  auto r = c.exchange(make(method::get, "", "tok"));
  ASSERT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.body, "GET|Bearer tok||");
  EXPECT_EQ(r.shard, "shard-7");
  EXPECT_EQ(r.session, "");
}

TEST(request_style, cookie_auth_sends_the_token_as_the_cookie_and_reads_the_session) {
  auto s = start_echo("X-Backend", "sid=a3.beef; Path=/; HttpOnly");
  auto c = client_for(s->port(), cookie_style());
  auto r = c.exchange(make(method::post, R"({"a":1})", "a2.f00d"));
  ASSERT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"(POST||sid=a2.f00d|{"a":1})");
  EXPECT_EQ(r.shard, "shard-7");
  EXPECT_EQ(r.session, "a3.beef");
}

TEST(request_style, a_set_cookie_of_another_cookie_is_no_session) {
  auto s = start_echo("X-Backend", "theme=dark; Path=/");
  auto c = client_for(s->port(), cookie_style());
  auto r = c.exchange(make(method::get, "", ""));
  ASSERT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.body, "GET|||");
  EXPECT_EQ(r.session, "");
}

TEST(request_style, the_shard_comes_from_the_named_header_only) {
  auto s = start_echo("X-Shard", "");
  auto style = cookie_style(); // reads X-Backend, which this server does not send
  auto c = client_for(s->port(), style);
  EXPECT_EQ(c.exchange(make(method::get, "", "t")).shard, "");
  style.shard_header.clear(); // none
  auto none = client_for(s->port(), style);
  EXPECT_EQ(none.exchange(make(method::get, "", "t")).shard, "");
}

TEST(request_style, patch_sends_its_body_like_put) {
  auto s = start_echo("X-Shard", "");
  auto c = client_for(s->port(), request_style{});
  auto r = c.exchange(make(method::patch, R"({"body":"new"})", "t"));
  ASSERT_EQ(r.error, failure::none) << to_string(r.error);
  EXPECT_EQ(r.body, R"(PATCH|Bearer t||{"body":"new"})");
}

TEST(request_style, header_auth_sends_the_token_in_the_named_header) {
  scripted_server raw{[](const scripted_server::received&) {
    return scripted_server::reply{scripted_server::response(200, "{}")};
  }};
  request_style style;
  style.auth = auth_style::header;
  style.auth_name = "X-Api-Token";
  auto c = client_for(raw.port(), style);
  ASSERT_EQ(c.exchange(make(method::get, "", "t0k")).status, 200);
  ASSERT_EQ(c.exchange(make(method::patch, "", "t0k")).status, 200);
  auto seen = raw.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_NE(seen[0].head.find("\r\nX-Api-Token: t0k\r\n"), std::string::npos) << seen[0].head;
  EXPECT_EQ(seen[0].head.find("Authorization"), std::string::npos) << seen[0].head;
  EXPECT_NE(seen[1].head.find("\r\nContent-Length: 0\r\n"), std::string::npos) << seen[1].head;
}

TEST(request_style, a_token_a_cookie_cannot_carry_is_not_sent) {
  auto s = start_echo("X-Backend", "");
  auto c = client_for(s->port(), cookie_style());
  for (const char* token : {"a;admin=1", "a b", "a,b"}) {
    auto r = c.exchange(make(method::get, "", token));
    EXPECT_EQ(r.error, failure::protocol) << token;
    EXPECT_EQ(r.sent_ns, 0) << token;
  }
  EXPECT_EQ(c.exchange(make(method::get, "", "fine")).body, "GET||sid=fine|");
}

TEST(request_style, create_names_what_is_wrong_with_a_style) {
  client_options opts;
  opts.target = *parse_url("http://127.0.0.1:1");
  opts.style.auth = auth_style::cookie;
  auto no_name = blocking_client::create(opts);
  ASSERT_FALSE(no_name);
  EXPECT_NE(no_name.error().message.find("style.auth_name"), std::string::npos)
    << no_name.error().message;
  opts.style = request_style{};
  opts.style.shard_header = "X Backend";
  auto bad_header = blocking_client::create(opts);
  ASSERT_FALSE(bad_header);
  EXPECT_NE(bad_header.error().message.find("style.shard_header"), std::string::npos)
    << bad_header.error().message;
}

TEST(server_options, a_shard_header_that_is_no_header_name_is_refused) {
  server_options opts;
  opts.shard_header = "X:Backend";
  auto s = server::start(opts, [](const server_request&) { return server_response{}; });
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("shard_header"), std::string::npos) << s.error().message;
}

} // namespace
