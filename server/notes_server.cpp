// The reference notes service on http::server: store, faults, migrator, API
// and admin API wired together (notes_server.hpp).

#include "server/notes_server.hpp"

#include <atomic>
#include <optional>
#include <utility>

#include "http/server.hpp"
#include "protocol/api_types.hpp"
#include "server/admin_api.hpp"
#include "server/cookie_notes_service.hpp"
#include "server/make_store.hpp"
#include "server/notes_service.hpp"

namespace throng::server {

namespace {

class notes_server_impl final : public notes_server {
public:
  notes_server_impl(std::unique_ptr<store> st, const service_options& opts)
    : store_(std::move(st)),
      // Always there, so that a fault can be switched on while it serves.
      faults_(std::make_unique<fault_injector>(opts.faults, opts.fault_seed)),
      migrator_(*store_, opts.bug, opts.bug_windows),
      service_(*store_, faults_.get(), &migrator_),
      admin_(opts.admin_token, *store_, migrator_, faults_.get()) {
    if (opts.shape == service_shape::cookie)
      cookie_.emplace(service_);
  }

  ~notes_server_impl() override {
    stop();
  }

  // Starts the HTTP server; returns why it could not start.
  std::optional<protocol::decode_error> listen(const service_options& opts) {
    http::server_options http_opts;
    http_opts.address = opts.address;
    http_opts.port = opts.port;
    http_opts.threads = opts.threads;
    http_opts.workers = opts.workers.value_or(
      opts.store == "memory" ? 0 : default_sqlite_workers);
    // A read never waits for the disk (the SQLite store reads committed
    // state beside its commits), so it stays on the I/O thread and spares
    // two thread switches; but a read that the lost_update fault follows
    // with a write does not.
    http_opts.on_worker = [faults = faults_.get()](const http::server_request& req) {
      return req.method != "GET" || faults->armed(fault_kind::lost_update);
    };
    http_opts.max_body_bytes = protocol::max_request_body_bytes;
    http_opts.read_timeout = opts.read_timeout;
    http_opts.shard_header = shard_header_of(opts.shape);
    auto http = http::server::start(
      http_opts,
      [this](const http::server_request& req) {
        if (admin_api::owns(req.target))
          return admin_.handle(req);
        answered_.fetch_add(1, std::memory_order_relaxed);
        return cookie_ ? cookie_->handle(req) : service_.handle(req);
      });
    if (!http)
      return http.error();
    http_ = std::move(*http);
    return std::nullopt;
  }

  std::uint16_t port() const noexcept override {
    return http_->port();
  }

  fault_injector& faults() noexcept override { return *faults_; }

  migrator& migrations() noexcept override {
    return migrator_;
  }

  store_result<std::vector<shard_usage>> usage() override {
    return store_->usage();
  }

  std::uint64_t answered() const noexcept override {
    return answered_.load(std::memory_order_relaxed);
  }

  void stop() override {
    if (http_)
      http_->stop();
    migrator_.stop();
  }

private:
  std::unique_ptr<store> store_;
  std::unique_ptr<fault_injector> faults_;
  migrator migrator_;
  notes_service service_;
  std::optional<cookie_notes_service> cookie_; // the cookie shape, over service_
  admin_api admin_;
  std::atomic<std::uint64_t> answered_{0};
  std::unique_ptr<http::server> http_; // last: stops before the service goes
};

} // namespace

protocol::result<std::unique_ptr<notes_server>>
notes_server::start(const service_options& opts) {
  using error = protocol::decode_error;
  if (opts.threads == 0)
    return error{"notes server: threads must be at least 1"};
  if (opts.shards == 0)
    return error{"notes server: shards must be at least 1"};
  auto st = make_store(opts.store, opts.shards);
  if (!st)
    return error{"notes server: " + st.error().message};
  auto impl = std::make_unique<notes_server_impl>(std::move(*st), opts);
  if (auto err = impl->listen(opts))
    return error{"notes server: " + err->message};
  return std::unique_ptr<notes_server>{std::move(impl)};
}

} // namespace throng::server
