#pragma once

// What the dashboard may change in a reference service running in the same
// process: its migrations, its faults and its migration bug.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "control/run_controller.hpp"
#include "protocol/result.hpp"

namespace throng::control {

/// One injectable fault as the dashboard shows and sets it.
struct fault_setting {
  std::string kind;        // "latency", "stale_read", ...
  double probability = 0;  // 0: off
  std::chrono::milliseconds delay{0}; // latency only
};

/// One migration as the dashboard shows it.
struct migration_view {
  std::string id;
  std::string state; // "running", "done", "failed"
  std::string from;
  std::string to;
  std::uint64_t moved = 0;
  std::uint64_t remaining = 0;
  std::string error;
};

/// What the dashboard asks to move.
struct migration_order {
  std::string from;
  std::string to;
  std::optional<std::size_t> accounts; // nullopt: all of them
  double rate = 20;                    // accounts per second
};

/// The controls of a reference service running in the same process as the
/// run (the demo, or `throng run` without --target), for the dashboard.
/// Implementations are thread-safe and hold the service by reference;
/// refusals come back as control_error values: bad_value naming the field,
/// conflict when a migration is running already.
class service_controls {
public:
  virtual ~service_controls() = default;

  /// Returns the service's shard names, in order.
  virtual std::vector<std::string> shards() const = 0;

  /// Returns every fault kind with its setting now, in kind order.
  virtual std::vector<fault_setting> faults() const = 0;

  /// Returns the migration bug now, and every bug's name ("none" first).
  virtual std::string migration_bug() const = 0;
  virtual std::vector<std::string> migration_bugs() const = 0;

  /// Returns every migration so far, oldest first.
  virtual std::vector<migration_view> migrations() const = 0;

  /// Starts a migration.
  virtual protocol::result<migration_view, control_error>
  start_migration(const migration_order& order) = 0;

  /// Sets one fault (probability 0 switches it off).
  virtual protocol::result<bool, control_error> set_fault(const fault_setting& f) = 0;

  /// Sets the migration bug for what the migrator does from now on.
  virtual protocol::result<bool, control_error> set_migration_bug(const std::string& bug) = 0;
};

} // namespace throng::control
