#pragma once

// The live dashboard's state (`--web`): the run's history and latest
// figures, the latest violations, the events, and the controls it reaches.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/run_controller.hpp"
#include "control/service_controls.hpp"
#include "stats/run_history.hpp"
#include "stats/run_stats.hpp"
#include "stats/threshold.hpp"
#include "stats/time_series.hpp"

namespace throng::control {

/// What a dashboard knows of its run before it starts.
struct dashboard_settings {
  std::string command = "throng run"; // as the page names the run
  std::string target;
  double duration_s = 0;
  std::uint64_t seed = 0;
  /// The `throng replay` command line of this run without --account, for
  /// the violations table ("throng replay --seed 7 --seed-notes 5").
  std::string replay_prefix = "throng replay";
  std::vector<stats::threshold> checks;
  /// The run's violations log, served as violations.jsonl when set; else
  /// the dashboard keeps the first `max_kept_violations` lines itself.
  std::string violations_log;
  std::string token;                  // empty: the controls need none
  std::ostream* log = nullptr;        // where "dashboard at URL" goes, or none
  std::uint64_t accounts = 0;         // as the run was asked for (summary.json)
};

/// Returns `m` as the dashboard's JSON has it.
nlohmann::json to_json(const migration_view& m);

/// The run's figures and series at one moment, for the downloads.
struct dashboard_snapshot {
  stats::run_stats figures;
  stats::time_series series;
  double elapsed_s = 0;
};

/// The state behind the live dashboard of one run. The stats actor feeds it
/// once a second (on_second) and with each violation; the run's listeners
/// attach the run's controller while the web server runs; the command may
/// attach the embedded service's controls and add events. The HTTP handler
/// (dashboard_api) reads it from the server's threads. Holds the controller
/// and the service by pointer: each must outlive its attachment.
/// Thread-safe: one mutex guards everything; nothing is built under it
/// that grows with the run's length.
class dashboard {
public:
  /// The most violations kept for the table, newest first.
  static constexpr std::size_t table_violations = 50;
  /// The most violation lines kept for violations.jsonl without a log file.
  static constexpr std::size_t max_kept_violations = 10'000;

  explicit dashboard(dashboard_settings settings);

  const dashboard_settings& settings() const noexcept { return settings_; }

  /// Attaches the run's controls (nullptr: detaches them).
  void attach(run_controller* controller);

  /// Attaches the embedded service's controls (nullptr: there is none).
  void attach(service_controls* service);

  /// Says where the dashboard is served, on the settings' log.
  void listening(const std::string& host, std::uint16_t port);

  /// Adds second `second` of the run: `totals` are the run's figures so
  /// far; also notes stage changes and migrations' progress as events.
  void on_second(std::uint32_t second, const stats::run_stats& totals,
                 std::int64_t live_accounts, std::int64_t tick_backlog);

  /// Adds one violation, as its violations-log line has it (an object).
  void on_violation(nlohmann::json violation, std::uint32_t second);

  /// Marks an event now, of `kind` (stage, migration, fault, control, run).
  void add_event(const std::string& kind, const std::string& text);

  /// Marks the run as over: no more seconds will come.
  void finish();

  /// Returns the contract's /api/history answer.
  nlohmann::json history(std::uint64_t after, std::uint64_t generation) const;

  /// Returns the contract's /api/state answer.
  nlohmann::json state() const;

  /// Returns the run's figures and series now: asks the stats actor for
  /// them at its next second and waits for them up to `wait`; nullopt if
  /// they did not come (the run is over, or the actor is gone): null.
  std::shared_ptr<const dashboard_snapshot> snapshot(std::chrono::milliseconds wait);

  /// Returns whether a snapshot was asked for; the stats actor then calls
  /// provide().
  bool snapshot_wanted() const;

  /// Hands over the figures and series a snapshot asked for.
  void provide(const stats::run_stats& figures, const stats::time_series& series);

  /// Returns the violations kept (without a log file), one JSON line each.
  std::string kept_violations() const;

  /// Returns the attached controllers, for the HTTP handler; either may be
  /// null. Valid while attached.
  run_controller* controller() const;
  service_controls* service() const;

private:
  void note_migrations(); // under mtx_
  nlohmann::json tiles() const; // under mtx_
  nlohmann::json controls() const; // under mtx_
  double elapsed_now() const; // under mtx_

  const dashboard_settings settings_;
  mutable std::mutex mtx_;
  std::condition_variable provided_;
  run_controller* controller_ = nullptr;
  service_controls* service_ = nullptr;
  stats::run_history history_;
  stats::run_stats latest_;
  std::uint32_t latest_second_ = 0;
  double latest_rate_ = 0;   // requests a second over the last second
  double latest_p99_ms_ = 0; // every operation, over the last second
  std::uint64_t at_last_second_ = 0;
  std::int64_t live_ = 0;
  std::int64_t behind_ = 0;
  bool finished_ = false;
  std::optional<std::size_t> stage_;
  std::vector<migration_view> migrations_seen_;
  std::deque<nlohmann::json> table_;
  std::vector<std::string> kept_;
  std::uint64_t kept_dropped_ = 0;
  bool wanted_ = false;
  std::uint64_t provided_count_ = 0;
  // Kept while someone waits for it, dropped at the next second after.
  std::shared_ptr<const dashboard_snapshot> snapshot_;
  std::size_t waiting_ = 0;
};

} // namespace throng::control
