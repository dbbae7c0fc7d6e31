#pragma once

// The reference notes service over HTTP (`throng serve`, and what `throng run`
// embeds): its options and its handle.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "server/fault_injector.hpp"
#include "server/migrator.hpp"
#include "server/service_shape.hpp"

namespace throng::server {

/// Handler threads for a SQLite store when service_options::workers is not
/// set: each write waits for its batch's commit on one of them, so there
/// are enough for the writes of many connections to share one commit.
inline constexpr std::size_t default_sqlite_workers = 64;

/// How the reference notes service runs.
struct service_options {
  std::string address = "127.0.0.1";
  std::uint16_t port = 0;   // 0: pick a free port
  std::size_t threads = 1;  // I/O threads
  // Threads the handlers run on (http::server_options::workers); none: 0
  // for the memory store, whose handlers never wait, and
  // default_sqlite_workers for SQLite, whose writes wait for their commit.
  std::optional<std::size_t> workers{};
  std::size_t shards = 2;   // shard-0 .. shard-(N-1)
  std::chrono::milliseconds read_timeout{30'000}; // idle or slow client
  std::string store = "memory"; // or "sqlite:DIR" (server/make_store.hpp)
  std::string admin_token{};     // empty: the admin API is off
  migration_bug bug = migration_bug::none;
  migrator::windows bug_windows{}; // how long the bugs' windows stay open
  std::vector<fault_spec> faults{};
  std::uint64_t fault_seed = 1;
  // The API it speaks; the admin API (/v1/admin) is the same in each.
  service_shape shape = service_shape::v1;
};

/// The reference notes service (shared/api-v1.md, or the cookie shape of
/// cookie_notes_service) listening on HTTP: what `throng serve` runs and
/// what `throng run` embeds when no target is given.
/// Owns its storage and its threads; stop() or the destructor ends it.
class notes_server {
public:
  /// Starts the service. Returns an error naming the problem (bad options,
  /// a bad store spec, a store directory that cannot be opened, address in
  /// use).
  static protocol::result<std::unique_ptr<notes_server>>
  start(const service_options& opts);

  virtual ~notes_server() = default;

  /// Returns the port it listens on.
  virtual std::uint16_t port() const noexcept = 0;

  /// Returns the service's migrator, for a caller in the same process (the
  /// demo); others use the admin API.
  virtual migrator& migrations() noexcept = 0;

  /// Returns the service's fault injector, for a caller in the same process
  /// (the dashboard) to switch faults while it serves.
  virtual fault_injector& faults() noexcept = 0;

  /// Returns the accounts and notes of every shard, as
  /// GET /v1/admin/shards does.
  virtual store_result<std::vector<shard_usage>> usage() = 0;

  /// Returns how many requests it has answered so far, but the admin API's
  /// (a benchmark compares it with what a crowd counted). Thread-safe.
  virtual std::uint64_t answered() const noexcept = 0;

  /// Stops serving and joins the threads. Idempotent.
  virtual void stop() = 0;
};

} // namespace throng::server
