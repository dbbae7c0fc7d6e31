// The servers a run offers while it goes (run_listeners.hpp).

#include "actors/run_listeners.hpp"

#include <arpa/inet.h>

#include <utility>

#include "http/url.hpp"

namespace throng::actors {

namespace {

/// Returns where a server of `flag` listens for `address`, "HOST:PORT", or
/// says what is wrong. HOST is an address, or localhost.
protocol::result<http::server_options, run_failure>
listen_options(const char* flag, const std::string& address) {
  auto where = http::parse_host_port(address);
  if (!where)
    return run_failure{2, std::string{flag} + ": " + where.error().message};
  http::server_options so;
  // A socket binds an address, not a name; localhost names the loopback
  // (RFC 6761), and 127.0.0.1 is the loopback address every host has.
  so.address = where->host == "localhost" ? "127.0.0.1" : where->host;
  so.port = where->port;
  return so;
}

/// Starts the /metrics endpoint on `address`, serving what `board` holds.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_metrics(const std::string& address, stats::metrics_board& board) {
  auto so = listen_options("--metrics", address);
  if (!so)
    return so.error();
  auto s = http::server::start(*so, [&board](const http::server_request& req) {
    http::server_response r;
    if (req.target != "/metrics") {
      r.status = 404;
      r.body = R"({"error":"no such path; the metrics are at /metrics"})";
      return r;
    }
    r.body = board.read();
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  });
  if (!s)
    return run_failure{2, "--metrics: " + s.error().message};
  return std::move(s.value());
}

/// Returns whether `host` is a loopback address: 127.0.0.0/8 or ::1.
bool is_loopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
    return (ntohl(v4.s_addr) >> 24) == 127;
  return host == "::1";
}

/// Starts the control API on `address`, a loopback address only: the API
/// changes the run, so it is not offered to the network.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_control(const std::string& address, const control::control_api& api) {
  auto so = listen_options("--control", address);
  if (!so)
    return so.error();
  if (!is_loopback(so->address))
    return run_failure{2, "--control: only a loopback address is accepted (127.0.0.1, "
                          "::1 or localhost), got '" + so->address + "'"};
  so->max_body_bytes = 4096;
  auto s = http::server::start(*so, [&api](const http::server_request& req) {
    return api(req);
  });
  if (!s)
    return run_failure{2, "--control: " + s.error().message};
  return std::move(s.value());
}

} // namespace

protocol::result<run_listeners, run_failure>
run_listeners::start(const std::string& metrics, stats::metrics_board& board,
                     const std::string& control, const control::control_api& api) {
  run_listeners out;
  if (!metrics.empty()) {
    auto m = serve_metrics(metrics, board);
    if (!m)
      return m.error();
    out.metrics_ = std::move(m.value());
  }
  if (!control.empty()) {
    auto c = serve_control(control, api);
    if (!c)
      return c.error();
    out.control_ = std::move(c.value());
  }
  return out;
}

void run_listeners::stop() {
  if (control_)
    control_->stop();
  if (metrics_)
    metrics_->stop();
}

} // namespace throng::actors
