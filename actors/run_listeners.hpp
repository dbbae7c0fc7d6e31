#pragma once

// The servers a run offers while it goes: the Prometheus page (/metrics) and
// the control API, each on the address its flag gives.

#include <cstdint>
#include <memory>
#include <string>

#include "control/control_api.hpp"
#include "stats/metrics_board.hpp"
#include "actors/run_failure.hpp"
#include "http/server.hpp"
#include "protocol/result.hpp"

namespace throng::actors {

/// The servers a run offers while it goes: /metrics, serving what a
/// metrics_board holds, and the control API, each started only when its
/// address is given. Owns them; the board and the API must outlive the
/// listeners. Not thread-safe (the servers themselves are).
class run_listeners {
public:
  /// Starts /metrics on `metrics` and the control API on `control`, each
  /// "HOST:PORT" or empty for none. HOST is an address or localhost; the
  /// control API takes a loopback address only (127.0.0.0/8, ::1 as
  /// "[::1]:port", or localhost), as it changes the run. Returns a
  /// run_failure with exit code 2 naming the flag (--metrics, --control)
  /// whose address is wrong or cannot be bound; nothing is left running then.
  static protocol::result<run_listeners, run_failure>
  start(const std::string& metrics, stats::metrics_board& board, const std::string& control,
        const control::control_api& api);

  /// Returns the port /metrics listens on, 0 when it is not served.
  std::uint16_t metrics_port() const noexcept { return metrics_ ? metrics_->port() : 0; }

  /// Returns the port of the control API, 0 when it is not served.
  std::uint16_t control_port() const noexcept { return control_ ? control_->port() : 0; }

  /// Stops both servers. Idempotent; the destructor does it too.
  void stop();

private:
  std::unique_ptr<http::server> metrics_;
  std::unique_ptr<http::server> control_;
};

} // namespace throng::actors
