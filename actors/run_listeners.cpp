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
  // The dashboard says where it listens: it may pick its port.
  auto where = http::parse_host_port(address, std::string_view{flag} == "--web");
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

/// Starts a server of `flag` that changes the run on `address`, serving
/// `h`: a loopback address only unless `token_set`, as it is not offered
/// to the network without one.
protocol::result<std::unique_ptr<http::server>, run_failure>
serve_controls(const char* flag, const std::string& address, bool token_set,
               http::handler h) {
  auto so = listen_options(flag, address);
  if (!so)
    return so.error();
  if (!token_set && !is_loopback(so->address))
    return run_failure{2, std::string{flag}
                            + ": only a loopback address is accepted (127.0.0.1, ::1 or "
                              "localhost)"
                            + (std::string{flag} == "--web" ? " without --web-token" : "")
                            + ", got '" + so->address + "'"};
  so->max_body_bytes = 4096;
  auto s = http::server::start(*so, std::move(h));
  if (!s)
    return run_failure{2, std::string{flag} + ": " + s.error().message};
  return std::move(s.value());
}

} // namespace

protocol::result<run_listeners, run_failure> run_listeners::start(const listener_plan& plan) {
  run_listeners out;
  if (!plan.metrics.empty()) {
    auto m = serve_metrics(plan.metrics, *plan.board);
    if (!m)
      return m.error();
    out.metrics_ = std::move(m.value());
  }
  if (!plan.control.empty()) {
    const auto* api = plan.api;
    auto c = serve_controls("--control", plan.control, false,
                            [api](const http::server_request& req) { return (*api)(req); });
    if (!c)
      return c.error();
    out.control_ = std::move(c.value());
  }
  if (!plan.web.empty()) {
    out.web_api_ = std::make_unique<control::dashboard_api>(*plan.dashboard, *plan.api);
    const auto* web_api = out.web_api_.get();
    auto w = serve_controls("--web", plan.web, !plan.dashboard->settings().token.empty(),
                            [web_api](const http::server_request& req) {
                              return (*web_api)(req);
                            });
    if (!w)
      return w.error();
    out.web_ = std::move(w.value());
    out.dashboard_ = plan.dashboard;
    out.dashboard_->attach(plan.controller);
    out.dashboard_->listening(listen_options("--web", plan.web)->address, out.web_->port());
  }
  return out;
}

run_listeners::run_listeners(run_listeners&& other) noexcept
  : metrics_(std::move(other.metrics_)),
    control_(std::move(other.control_)),
    web_api_(std::move(other.web_api_)),
    web_(std::move(other.web_)),
    dashboard_(std::exchange(other.dashboard_, nullptr)) {
}

run_listeners& run_listeners::operator=(run_listeners&& other) noexcept {
  if (this != &other) {
    stop();
    metrics_ = std::move(other.metrics_);
    control_ = std::move(other.control_);
    web_api_ = std::move(other.web_api_);
    web_ = std::move(other.web_);
    dashboard_ = std::exchange(other.dashboard_, nullptr);
  }
  return *this;
}

void run_listeners::stop() {
  if (web_)
    web_->stop();
  if (dashboard_ != nullptr) {
    dashboard_->attach(static_cast<control::run_controller*>(nullptr));
    dashboard_->finish();
    dashboard_ = nullptr;
  }
  if (control_)
    control_->stop();
  if (metrics_)
    metrics_->stop();
}

} // namespace throng::actors
