#pragma once

// A client of the cookie shape for tests: the reference service started in
// that shape on 127.0.0.1 port 0, a blocking client dressed in its style,
// and the steps a test repeats (sign up, create a note).

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/blocking_client.hpp"
#include "server/notes_server.hpp"

namespace throng::server::test {

/// The reference service in the cookie shape and a client of it.
class cookie_shape {
public:
  using json = nlohmann::json;

  /// Starts the service with `opts` (its shape set to cookie).
  explicit cookie_shape(service_options opts = {}) {
    opts.shape = service_shape::cookie;
    auto s = notes_server::start(opts);
    EXPECT_TRUE(s) << s.error().message;
    if (s)
      server = std::move(*s);
    http::client_options co;
    co.target = *http::parse_url("http://127.0.0.1:" + std::to_string(port()));
    co.connections = 2;
    co.timeout = std::chrono::seconds{20};
    co.style.auth = http::auth_style::cookie;
    co.style.auth_name = "sid";
    co.style.shard_header = "X-Backend";
    co.style.session_cookie = "sid";
    auto c = http::blocking_client::create(co);
    EXPECT_TRUE(c) << c.error().message;
    if (c)
      client_ = std::make_unique<http::blocking_client>(std::move(*c));
  }

  std::uint16_t port() const { return server ? server->port() : 1; }

  /// Sends `verb target` with `body` and session `sid` (none when empty).
  http::response send(http::method verb, std::string target, std::string body = {},
                      std::string sid = {}) const {
    return client_->exchange({verb, std::move(target), std::move(body), std::move(sid)});
  }

  /// Returns the body of `r` as JSON (discarded when it is not JSON).
  static json body(const http::response& r) {
    return json::parse(r.body, nullptr, false);
  }

  /// An account signed up through the shape: its number and session.
  struct account {
    std::uint64_t id = 0;
    std::string sid;
  };

  /// Signs `name` up (password "pw") and returns the account.
  account sign_up(const std::string& name) const {
    auto r = send(http::method::post, "/users",
                  json{{"username", name}, {"secret", "pw"}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(r.session.empty());
    auto j = body(r);
    return {j.is_object() && j["id"].is_number_unsigned() ? j["id"].get<std::uint64_t>() : 0,
            r.session};
  }

  /// Creates a note with `text` for `a` and returns its number (0 when the
  /// create failed).
  std::uint64_t create_note(const account& a, const std::string& text) const {
    auto r = send(http::method::post, "/notes", json{{"body", text}}.dump(), a.sid);
    EXPECT_EQ(r.status, 201) << r.body;
    auto j = body(r);
    if (!j.is_object() || !j["note"].is_object() || !j["note"]["id"].is_number_unsigned())
      return 0;
    EXPECT_EQ(j["note"]["body"], text);
    return j["note"]["id"].get<std::uint64_t>();
  }

  /// Returns the path of note `n`.
  static std::string note_path(std::uint64_t n) { return "/notes/" + std::to_string(n); }

  std::unique_ptr<notes_server> server;

private:
  std::unique_ptr<http::blocking_client> client_;
};

} // namespace throng::server::test
