#pragma once

// The HTTP/1.1 server plumbing: accepts keep-alive connections on a loopback
// (or any) address and hands each whole request to a plain handler function.
// Beast stays inside server.cpp; this header is cheap to include.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "protocol/result.hpp"

namespace throng::http {

/// A request as the server hands it to the handler. `method` is the verb as
/// sent ("GET", "PATCH", ...); `authorization` and `cookie` are the raw
/// values of the Authorization and Cookie headers (empty when absent).
struct server_request {
  std::string method;
  std::string target;
  std::string authorization;
  std::string body;
  std::string cookie = {};
};

/// The handler's answer. `body` goes out with `content_type` (when not
/// empty) and a Content-Length; `shard`, if not empty, as the server's
/// shard header (server_options::shard_header, X-Shard by default), and
/// `set_cookie`, if not empty, as a Set-Cookie header ("sid=v; Path=/"). A 204 answer carries neither body nor
/// Content-Length (RFC 9110). With `close` set the connection is closed
/// after the answer is written; with `drop` it is closed at once and
/// nothing is answered (fault injection: a service that dies mid-request).
/// `allow`, if not empty, goes out as the Allow header, which RFC 9110
/// requires on a 405 ("GET, PUT"). With `delay` above zero the answer is
/// held that long before it is written, on a timer: the thread serves the
/// other connections meanwhile (fault injection: a slow service).
struct server_response {
  int status = 200;
  std::string body;
  std::string shard;
  bool close = false;
  std::string content_type = "application/json";
  bool drop = false;
  std::string allow = {};
  std::chrono::milliseconds delay{0};
  std::string set_cookie = {};
};

/// A request handler: called on the server's I/O threads, or on its worker
/// threads when it has some, possibly from several at once, so it must be
/// thread-safe. It must not throw.
using handler = std::function<server_response(const server_request&)>;

/// How a server listens and what it accepts.
struct server_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0; // 0: pick a free port
  std::size_t threads = 1;
  // Threads the handler runs on, beside the I/O threads. 0: the handler
  // runs on the I/O thread that read the request, which suits a handler
  // that never blocks; a handler that may block (on a disk, a lock) needs
  // workers, or it stalls every connection of its I/O thread.
  std::size_t workers = 0;
  // With workers: which requests they take (true) and which run on the
  // I/O thread (false; what never blocks, such as a read from memory).
  // Empty: the workers take every request. Called on the I/O threads; must
  // be thread-safe and must not throw.
  std::function<bool(const server_request&)> on_worker{};
  std::size_t max_body_bytes = 1024 * 1024;  // larger: 413 from the server
  std::size_t max_header_bytes = 16 * 1024;  // larger: 431, then close
  std::chrono::milliseconds read_timeout{30'000}; // idle or slow client
  // The header that carries server_response::shard; a valid token.
  std::string shard_header = "X-Shard";
};

/// A running HTTP server. Answers that the plumbing gives itself carry a
/// JSON {"error": ...} body: 413 for a body over max_body_bytes, 431 for a
/// header over max_header_bytes and 400 for a request that is not HTTP/1.x,
/// each followed by closing the connection; 500 if the handler throws after
/// all. A client that
/// sends no whole request within read_timeout (and an idle keep-alive
/// connection after it) is disconnected without an answer. Thread-safe.
class server {
public:
  /// Binds, listens and starts `opts.threads` I/O threads, which share one
  /// io_context, and `opts.workers` worker threads. Returns an error naming
  /// the address when binding fails, or naming the option that cannot work
  /// (no threads, no handler, a shard header that is not a valid name).
  static protocol::result<std::unique_ptr<server>>
  start(const server_options& opts, handler h);

  virtual ~server() = default;

  /// Returns the port the server listens on (the chosen one for port 0).
  virtual std::uint16_t port() const noexcept = 0;

  /// Stops accepting, closes every connection (answers being written or
  /// held are cut off), lets the handler calls under way finish and joins
  /// the threads. Idempotent; the destructor calls it.
  /// Must not be called from the handler.
  virtual void stop() = 0;
};

} // namespace throng::http
