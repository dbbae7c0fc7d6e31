#pragma once

// One keep-alive connection of a client_pool, as the pool sees it: what it
// carries, where it connects and whom it hands each answer. Beast stays in
// pool_connection.cpp; the I/O context is only named here.

#include <chrono>
#include <cstdint>
#include <memory>

#include "http/client_pool.hpp"
#include "http/message.hpp"
#include "http/transport.hpp"
#include "protocol/result.hpp"

namespace boost::asio {
class io_context;
} // namespace boost::asio

namespace throng::http {

/// A submitted request and the callback owed for it.
struct pending_request {
  request req;
  transport::callback done;
  std::int64_t submitted_ns = 0; // now_ns() at submit(): the timeout counts from here
};

/// One keep-alive connection of a client_pool: carries one request at a
/// time, connecting (and for https shaking hands) first when it is not
/// open, and stays open for the next request unless the answer said
/// "Connection: close", bytes followed it or the exchange failed. Not
/// thread-safe: its steps run on the pool's I/O thread (or, once that is
/// stopped, on the thread that stopped it). Shared by its pool and the
/// step under way, which may complete, cancelled, after the pool is gone.
class pool_connection : public std::enable_shared_from_this<pool_connection> {
public:
  using clock_type = std::chrono::steady_clock;

  /// Where the connections of one pool go and how: the target's endpoints,
  /// resolved once, its TLS context (https), Host header and SNI name, and
  /// the pool's options. Immutable once made; shared by a pool's
  /// connections. Defined in pool_connection.cpp.
  class target;

  /// What a connection hands its answers to: its pool.
  class owner {
  public:
    /// Takes the answer (or failure) `r` to the request `c` carried, whose
    /// callback is `done`; `c` is free for the next request. Called on the
    /// I/O thread, from the step that finished the request.
    virtual void finished(pool_connection& c, transport::callback done, response r) = 0;

  protected:
    ~owner() = default;
  };

  /// Resolves the host of `opts` (once: connections reuse the endpoints)
  /// and sets up TLS for an https target: the system's CA certificates
  /// and peer verification unless `insecure`. Returns why that failed: a
  /// host that does not resolve, certificates that cannot be loaded.
  static protocol::result<std::shared_ptr<const target>> resolve(const client_options& opts);

  /// Returns a closed connection to `to` that runs on `io` and hands its
  /// answers to `pool`; `io` must outlive it, and `pool` every request it
  /// carries (abort() ends one).
  static std::shared_ptr<pool_connection> open(boost::asio::io_context& io,
                                               std::shared_ptr<const target> to, owner& pool);

  virtual ~pool_connection() = default;

  /// Sends `p`, opening the connection first if it is closed or was idle
  /// for longer than client_options::max_idle; `deadline` bounds the whole
  /// exchange. The answer, or the failure (connect, timeout, reset,
  /// protocol), goes to the owner's finished() exactly once, unless abort()
  /// comes first. Only when no request is in flight.
  virtual void run(pending_request p, clock_type::time_point deadline) = 0;

  /// Fails the request in flight, if any, with failure::reset (calling its
  /// callback, not the owner) and closes the connection. The step under
  /// way completes later, cancelled, and does nothing.
  virtual void abort() = 0;
};

} // namespace throng::http
