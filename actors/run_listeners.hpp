#pragma once

// The servers a run offers while it goes: the Prometheus page (/metrics), the
// control API and the live dashboard, each on the address its flag gives.

#include <cstdint>
#include <memory>
#include <string>

#include "control/control_api.hpp"
#include "control/dashboard.hpp"
#include "control/dashboard_api.hpp"
#include "stats/metrics_board.hpp"
#include "actors/run_failure.hpp"
#include "http/server.hpp"
#include "protocol/result.hpp"

namespace throng::actors {

/// What a run serves and where: each address "HOST:PORT", or empty for
/// none. The pointers must be set for what is served and outlive the
/// listeners.
struct listener_plan {
  std::string metrics;
  stats::metrics_board* board = nullptr;
  std::string control;
  const control::control_api* api = nullptr;
  std::string web;
  control::dashboard* dashboard = nullptr;
  control::run_controller* controller = nullptr; // attached to the dashboard
};

/// The servers a run offers while it goes: /metrics, serving what a
/// metrics_board holds, the control API and the live dashboard
/// (control::dashboard_api), each started only when its address is given.
/// Owns them; what they serve must outlive the listeners. Not thread-safe
/// (the servers themselves are).
class run_listeners {
public:
  /// Starts what `plan` asks for. HOST is an address or localhost; the
  /// control API takes a loopback address only (127.0.0.0/8, ::1 as
  /// "[::1]:port", or localhost), as it changes the run, and so does the
  /// dashboard unless it has a token. Attaches the controller to the
  /// dashboard, which says where it is served. Returns a run_failure with
  /// exit code 2 naming the flag (--metrics, --control, --web) whose address
  /// is wrong or cannot be bound; nothing is left running then.
  static protocol::result<run_listeners, run_failure> start(const listener_plan& plan);

  /// Returns the port /metrics listens on, 0 when it is not served.
  std::uint16_t metrics_port() const noexcept { return metrics_ ? metrics_->port() : 0; }

  /// Returns the port of the control API, 0 when it is not served.
  std::uint16_t control_port() const noexcept { return control_ ? control_->port() : 0; }

  /// Returns the port of the dashboard, 0 when it is not served.
  std::uint16_t web_port() const noexcept { return web_ ? web_->port() : 0; }

  /// Stops the servers and marks the dashboard's run as over. Idempotent;
  /// the destructor does it too.
  void stop();

  run_listeners() = default;
  run_listeners(run_listeners&& other) noexcept;
  run_listeners& operator=(run_listeners&& other) noexcept;
  ~run_listeners() { stop(); }

private:
  std::unique_ptr<http::server> metrics_;
  std::unique_ptr<http::server> control_;
  std::unique_ptr<control::dashboard_api> web_api_;
  std::unique_ptr<http::server> web_;
  control::dashboard* dashboard_ = nullptr;
};

} // namespace throng::actors
