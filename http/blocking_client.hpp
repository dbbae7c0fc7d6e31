#pragma once

// A client that sends one request and waits for its whole answer: for
// command-line tools (`throng ctl`) and tests, not for load (client_pool).

#include <memory>

#include "http/client_pool.hpp"
#include "http/message.hpp"
#include "protocol/result.hpp"

namespace throng::http {

/// A blocking client over a client_pool of its own: Beast reads the answer
/// whole (Content-Length, chunked, or up to the close), keep-alive
/// connections are reused between exchanges, and the pool's `timeout`
/// bounds each exchange, connecting included; the options' request_style
/// dresses each request and reads each answer as the pool's does (token,
/// shard header, session cookie). Thread-safe: up to
/// `connections` exchanges run at once, the rest queue. Move-only.
class blocking_client {
public:
  /// Creates a client for `opts`, resolving the host once, here. Returns
  /// client_pool::create()'s error for options that cannot work or a host
  /// that does not resolve.
  static protocol::result<blocking_client> create(const client_options& opts);

  /// Sends `req` and returns what came back: an answer (any status) or a
  /// failure (failure::timeout when no whole answer came within the
  /// timeout; the request may have been carried out all the same). Blocks;
  /// must not be called on a client_pool's I/O thread (from a callback).
  response exchange(request req) const;

private:
  explicit blocking_client(std::unique_ptr<client_pool> pool);

  std::unique_ptr<client_pool> pool_;
};

} // namespace throng::http
