#pragma once

// The control API of `throng run --control`: HTTP requests to a running crowd
// turned into run_controller calls, without sockets.

#include "control/run_controller.hpp"
#include "http/server.hpp"

namespace throng::control {

/// The control API of a running crowd (`throng run --control`): turns HTTP
/// requests into calls on a run_controller. A plain handler for
/// http::server, testable without sockets:
///
///   GET  /status    200, the crowd_status as JSON
///   POST /accounts  {"add": n, "behaviour": b} or {"remove": n}: 202
///   POST /rate      {"rpm": x}: 202
///   POST /stop      202
///
/// A body that is not what the endpoint takes is a 400 with
/// {"error": ..., "field": ...} naming the field; a request the run cannot
/// take any more (it is stopping) a 409; an unknown path 404, a method the
/// path does not take 405. The controller must outlive the handler;
/// thread-safe as the controller is.
class control_api {
public:
  explicit control_api(run_controller& controller) : controller_(&controller) {}

  /// Answers one request.
  http::server_response operator()(const http::server_request& req) const;

private:
  http::server_response status() const;
  http::server_response accounts(const std::string& body) const;
  http::server_response rate(const std::string& body) const;

  run_controller* controller_;
};

} // namespace throng::control
