#pragma once

// Test plumbing: runs an account's requests through the reference notes
// service's handler directly, without sockets, optionally through a filter
// that misbehaves like a faulty or wrong service.

#include <functional>
#include <string>

#include "http/message.hpp"
#include "http/server.hpp"
#include "server/memory_store.hpp"
#include "server/notes_service.hpp"

namespace throng::model::testing {

/// The reference service in memory, answering http::request values.
class service_loop {
public:
  explicit service_loop(std::size_t shards = 2) : store_(shards), service_(store_) {}

  /// Turns `req` into what the HTTP server would hand the service.
  static http::server_request to_server(const http::request& req) {
    http::server_request s;
    s.method = std::string{http::to_string(req.verb)};
    s.target = req.target;
    s.body = req.body;
    if (!req.token.empty())
      s.authorization = "Bearer " + req.token;
    return s;
  }

  /// Returns the service's answer to `req` as a client would see it.
  http::response answer(const http::request& req) {
    auto r = service_.handle(to_server(req));
    http::response out;
    out.status = r.status;
    out.body = std::move(r.body);
    out.shard = std::move(r.shard);
    out.sent_ns = 1;
    out.received_ns = 2;
    return out;
  }

  server::notes_service& service() { return service_; }

private:
  server::memory_store store_;
  server::notes_service service_;
};

} // namespace throng::model::testing
