#pragma once

// The HTTP/1.1 client: a fixed set of keep-alive connections to one target,
// driven by Boost.Beast on one I/O thread (its own or a shared io_thread). Asio and Beast stay
// inside client_pool.cpp and pool_connection.cpp; this header is cheap to
// include.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "http/request_style.hpp"
#include "http/transport.hpp"
#include "http/url.hpp"
#include "protocol/result.hpp"

namespace throng::http {

class io_thread;

/// How a client_pool connects and what it accepts.
struct client_options {
  url target;
  std::size_t connections = 16;
  std::chrono::milliseconds timeout{10'000};  // per request, connect included
  std::size_t max_response_bytes = 8 << 20;   // headers and body together
  bool insecure = false;                      // https: skip verification
  std::chrono::milliseconds max_idle{4'000};  // reopen rather than reuse
  request_style style{};                      // token, shard header, session cookie
};

/// A transport over `connections` keep-alive connections. Requests queue
/// when every connection is busy and go out in order of submission. A
/// connection that fails is closed and reopened for the next request; the
/// request that was on it fails (connect, timeout, reset or protocol) and is
/// never resent. Thread-safe; callbacks run on the pool's I/O thread and
/// must not block or throw. Destroying the pool stops it (see stop()).
///
/// Failures: failure::connect when no connection could be made (refused,
/// TLS handshake or certificate verification failed, or the timeout ran out
/// while connecting): the request was not sent. failure::timeout when the
/// answer was not whole `timeout` after submit(); time spent queued counts,
/// so a request whose time ran out in the queue fails without being sent
/// (then `sent_ns` is 0). failure::reset when the connection closed before
/// the answer was whole. failure::protocol when the answer was not HTTP/1.1,
/// its headers and body together exceeded `max_response_bytes`, or the
/// request's target or token held characters a header (for cookie auth: a
/// cookie) cannot carry (then it was not sent).
///
/// Every request's token goes out as `style` says; an answer's `shard` is
/// the value of the style's shard header and its `session` the value the
/// style's session cookie gets from a Set-Cookie header.
///
/// To spare requests the race with a server closing idle keep-alive
/// connections, a connection idle for longer than `max_idle` is closed and
/// reopened rather than reused, and "Connection: close" is honoured.
class client_pool : public transport {
public:
  /// Creates a pool on the I/O thread `shared` (which must outlive it), or
  /// without one on a thread of its own. Resolves the host once, here;
  /// connections open lazily on first use. Returns an error for options
  /// that cannot work (zero connections, a timeout that is not positive, a
  /// style whose header or cookie name is missing or not a valid token, a
  /// host that does not resolve, TLS set-up failed).
  static protocol::result<std::unique_ptr<client_pool>>
  create(const client_options& opts, io_thread* shared = nullptr);

  /// Runs `fn` on the pool's I/O thread, serialised with the callbacks.
  /// Once stop() has begun, `fn` may be dropped without running; either
  /// way it is gone by the time stop() returns (at once, on the caller's
  /// thread, when stop() came first).
  virtual void post(std::function<void()> fn) = 0;

  /// Fails what is queued or in flight with failure::reset, closes the
  /// connections and joins the pool's own thread, if any. Idempotent. Not
  /// from the pool's I/O thread. A submit that comes
  /// while stop() runs, from any thread, is answered before stop() returns
  /// or fails at once, on the caller's thread, with failure::reset, as do
  /// later submits. Neither stop() nor the destructor may run in a callback
  /// or a posted function.
  virtual void stop() = 0;
};

} // namespace throng::http
