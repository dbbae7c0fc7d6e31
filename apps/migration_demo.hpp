#pragma once

// `throng demo migration` as a plain class: a live migration between two
// shards under a crowd, reported as it happens.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "model/api_profile.hpp"
#include "server/migrator.hpp"
#include "server/service_shape.hpp"

namespace throng::apps {

/// What `throng demo migration` runs.
struct migration_demo_options {
  std::size_t accounts = 200;
  double rpm = 30'000;
  std::chrono::milliseconds duration{60'000};
  std::string store = "sqlite";     // "sqlite" (in a temporary folder) or "memory"
  server::migration_bug bug = server::migration_bug::none;
  double migration_rate = 20;       // accounts per second
  /// When the migration starts; by default 40% into the run, so that the
  /// move sits in its middle.
  std::chrono::milliseconds migrate_at{-1};
  bool auto_migrate = true;         // false: only the dashboard starts one
  std::string web;                  // "host:port" of the live dashboard, or empty
  std::string web_token;
  std::size_t seed_notes = 5;
  std::uint64_t seed = 7;
  std::string out_dir;              // or empty
  bool quiet = false;
  /// The shape of the service and the profile the crowd speaks (`--shape`,
  /// `--api`, the file's path as given); nullptr: the built-in contract.
  server::service_shape shape = server::service_shape::v1;
  std::shared_ptr<const model::api_profile> api;
  std::string api_path;
  std::size_t local_workers = 0; // the crowd in this many worker processes (0: here)
};

/// The product's first use, end to end: starts the reference service with
/// two shards (SQLite in a temporary folder by default), drives it with a
/// crowd, moves every account from shard-0 to shard-1 through the service's
/// migrator while the crowd runs, and reports as it happens (status line
/// with per-shard traffic, migration progress) and at the end (the run's
/// report, the figures before, during and after the move, the shards'
/// contents, and the violations with the accounts and notes they hit).
/// Removes its temporary folder. Not thread-safe; one run per object.
class migration_demo {
public:
  explicit migration_demo(migration_demo_options opts);

  /// Runs the demo until its end or `interrupt` (a count of signals);
  /// returns the exit code of `throng run` (0, 1 violations, 3 cannot run,
  /// 4 never: the demo sets no threshold).
  int run(const std::atomic<int>& interrupt, std::ostream& out,
          std::ostream& err);

private:
  migration_demo_options opts_;
};

} // namespace throng::apps
