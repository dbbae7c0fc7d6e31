#pragma once

// The live dashboard's HTTP handler (`--web`): the page, its JSON, the
// controls and the downloads, without sockets.

#include <string>

#include "control/control_api.hpp"
#include "control/dashboard.hpp"
#include "http/server.hpp"

namespace throng::control {

/// The handler of the dashboard's web server (docs/dashboard.md has the
/// contract): serves the embedded page and its assets, GET /api/history
/// and /api/state from a dashboard, the run's controls under /api (as the
/// control API takes them, and the embedded service's migrations, faults
/// and migration bug), and the run's outputs as they stand under
/// /download. With a token set, every POST needs it as a bearer token
/// (401 without). Each control that is carried out is marked as an event.
/// The dashboard and the control API must outlive the handler;
/// thread-safe as they are.
class dashboard_api {
public:
  dashboard_api(dashboard& board, const control_api& run) : board_(&board), run_(&run) {}

  /// Answers one request.
  http::server_response operator()(const http::server_request& req) const;

private:
  http::server_response get(const std::string& path, const std::string& query) const;
  http::server_response post(const std::string& path, const std::string& body) const;
  http::server_response run_control(const std::string& path, const std::string& body) const;
  http::server_response download(const std::string& name) const;
  http::server_response migrate(const std::string& body) const;
  http::server_response fault(const std::string& body) const;
  http::server_response bug(const std::string& body) const;

  dashboard* board_;
  const control_api* run_;
};

} // namespace throng::control
