#pragma once

// Test plumbing: the reference service in its cookie shape
// (server/cookie_notes_service), answering http::request values without
// sockets, as a client pool dressed by the cookie profile's request_style
// would send and read them.

#include <string>

#include "http/cookies.hpp"
#include "http/message.hpp"
#include "http/server.hpp"
#include "server/cookie_notes_service.hpp"
#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::model::testing {

/// The cookie shape of the reference service in memory.
class shape_loop {
public:
  explicit shape_loop(std::size_t shards = 2)
    : store_(shards), inner_(store_), shape_(inner_) {}

  /// Turns `req` into what the HTTP server would hand the shape: the
  /// token goes out as the session cookie.
  static http::server_request to_server(const http::request& req) {
    http::server_request s;
    s.method = std::string{http::to_string(req.verb)};
    s.target = req.target;
    s.body = req.body;
    if (!req.token.empty())
      s.cookie = std::string{server::cookie_notes_service::cookie_name} + "=" + req.token;
    return s;
  }

  /// Returns the session cookie a Set-Cookie value sets, or "".
  static std::string session_of(std::string_view set_cookie) {
    auto v = http::set_cookie_value(set_cookie, server::cookie_notes_service::cookie_name);
    return v ? std::string{*v} : std::string{};
  }

  /// Returns the shape's answer to `req` as a client would see it: a
  /// Set-Cookie comes back as the response's session.
  http::response answer(const http::request& req) {
    auto r = shape_.handle(to_server(req));
    http::response out;
    out.status = r.status;
    out.body = std::move(r.body);
    out.shard = std::move(r.shard);
    out.session = session_of(r.set_cookie);
    out.sent_ns = 1;
    out.received_ns = 2;
    return out;
  }

  server::notes_service& inner() { return inner_; }
  server::memory_store& store() { return store_; }

private:
  server::memory_store store_;
  server::notes_service inner_;
  server::cookie_notes_service shape_;
};

} // namespace throng::model::testing
