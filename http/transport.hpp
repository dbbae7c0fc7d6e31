#pragma once

// The transport interface: what carries requests to a service and calls back
// with each answer (client_pool, or a fake in tests).

#include <functional>

#include "http/message.hpp"

namespace throng::http {

/// Something that carries requests to a service and calls back with each
/// answer: the HTTP client pool in production, a scripted fake in tests.
/// Implementations are thread-safe; the callback may run on any thread and
/// is called exactly once per submitted request, also when the transport is
/// stopped before an answer (then with failure::reset).
class transport {
public:
  using callback = std::function<void(response)>;

  virtual ~transport() = default;

  /// Sends `req` and calls `done` with what comes back. Never resends a
  /// request on its own: a request whose outcome is unknown is reported as
  /// such and left to the caller.
  virtual void submit(request req, callback done) = 0;
};

} // namespace throng::http
