#pragma once

// The supervisor: one whole run of the crowd, from its options to its result
// (the actors, the load shape, the control API, the stop).

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "protocol/operation.hpp"
#include "protocol/result.hpp"
#include "config/load_shape.hpp"
#include "model/population.hpp"
#include "control/run_controller.hpp"
#include "config/scenario.hpp"
#include "actors/stats_actor.hpp"
#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

/// Why a run could not be done, with the exit code the command returns.
struct run_failure {
  int exit_code = 3;
  std::string message;
};

/// Everything a run of the crowd needs to know. Validated by the caller
/// (the command line); the supervisor checks only what needs the outside
/// world (the target, the output files).
struct run_options {
  std::string target;                  // URL of the notes service
  std::size_t accounts = 100;
  std::size_t notes_per_account = 20;  // at the cap an account does not create
  double rpm = 6000;                   // total requests per minute
  std::chrono::milliseconds duration{30'000};
  std::size_t connections = 16;
  std::size_t client_threads = 1;      // client pool workers, one I/O thread each
  std::size_t scheduler_threads = 1;   // CAF worker threads
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_response_bytes = 8u << 20;
  bool insecure = false;
  std::uint64_t seed = 0;
  std::size_t content_bytes = 128;
  /// The seed-data phase, before the measured run: each account creates
  /// `seed_notes` notes, `seed_batch` accounts (so writes) at a time; a
  /// failed request is retried after a backoff, and the run stops (exit
  /// code 3) once more than `seed_max_errors` have failed in all (no limit
  /// by default; the command line's default is 5). Accounts added later
  /// create theirs at the start of their mix.
  std::size_t seed_notes = 0;
  std::size_t seed_batch = 25;
  std::size_t seed_max_errors = std::numeric_limits<std::size_t>::max();
  std::string violations_log;          // path or empty
  std::chrono::milliseconds grace{2'000};       // for in-flight requests at the end
  status_mode status = status_mode::quiet;      // the live status line
  std::ostream* status_out = nullptr;           // where it goes (outlives run())
  std::string metrics;                          // "host:port" of /metrics, or empty
  std::chrono::milliseconds connect_wait{10'000}; // for the target at the start
  /// The load shape: from `accounts` and `rpm`, these stages in turn (the
  /// last values hold until `duration` is over); accounts are added at most
  /// `spawn_rate` a second (0: no limit).
  std::vector<config::load_stage> stages;
  double spawn_rate = 0;
  std::string control; // "host:port" (loopback only) of the control API, or empty
  /// Called on the supervisor's thread after each step of the load shape
  /// (about every 100 ms) with the run's controls; may be empty. The
  /// controller is valid during the call only.
  std::function<void(control::run_controller&)> on_step;
  /// The run's populations, whose account indexes population_of() gives
  /// out. Empty: one population "random" of `accounts` with the default
  /// mix and `notes_per_account`.
  std::vector<model::population_spec> populations;
  /// open: the ticker paces every account at the run's rate; closed: each
  /// account waits for its answer and its population's think time.
  config::workload_model model = config::workload_model::open;
  /// Tests only: record each account's operations in run_result::operations.
  bool record_operations = false;
  /// The most accounts a run makes: account indexes are never reused (an
  /// account's name, seed and replay come from its index), so this is the
  /// index type's limit. Tests set it lower.
  std::size_t account_limit = std::numeric_limits<std::uint32_t>::max();
};

/// What a finished run measured.
struct run_result {
  stats::run_stats stats;
  stats::time_series series; // per second, operation and shard
  double duration_s = 0;    // from the first tick to the stop
  bool interrupted = false; // stopped by a signal before its duration
  std::string name_prefix;  // the prefix of this run's account names
  /// Changes of the load (stages, control requests), to be marked on the
  /// report's charts.
  std::vector<stats::run_event> events;
  std::size_t peak_accounts = 0; // the most accounts scheduled at once
  std::size_t final_accounts = 0; // accounts scheduled when the run stopped
  /// With run_options::record_operations: the operations each account sent,
  /// in order, by account index.
  std::map<std::uint32_t, std::vector<protocol::operation>> operations;
  /// What the seed-data phase did; unset when there was none.
  std::optional<stats::seed_figures> seed;
  /// Set when the run stopped early: the target never answered, or the
  /// seed-data phase gave up (exit code 3). The figures are what it saw.
  std::optional<run_failure> failure;
};

/// Runs a crowd of accounts against a notes service: checks that the
/// target answers (retrying for `connect_wait`), starts an actor system, the
/// stats actor, the client pool workers, the ticker and one actor per
/// account, lets them run for the duration or until `interrupt` (a count of
/// signals) becomes non-zero, then stops ticking, waits up to `grace` for
/// requests in flight (not at all once `interrupt` reaches 2), drains the
/// pools and collects the totals. Every actor is gone when run() returns.
///
/// Accounts belong to the run's populations (population_of() gives each
/// index its population; each population's behaviour is made through the
/// registry) and share one account_directory. With `seed_notes` set, the
/// first accounts create their notes first (the seed-data phase; its
/// figures go to run_result::seed), and the measured run starts after it.
/// In the open model the ticker paces the accounts; in the closed model
/// each account paces itself with its population's think time.
///
/// The crowd follows the load shape, checked every 100 ms: accounts are
/// spawned and join the ticker's schedule, or the most recently added ones
/// leave it (each stops once its request in flight is answered), and the
/// ticker re-spreads the ticks for the total rate. With `control` set, the
/// control API (control_api) is served there; what it adds or removes
/// shifts the count the shape asks for, and a rate it sets holds for the
/// rest of the run. Each stage change and control request is recorded in
/// run_result::events.
///
/// Errors come back as a run_failure with exit code 2 (a bad output path,
/// metrics or control address, a population whose behaviour cannot be
/// made); a run that stops early (an unreachable target, a seed-data phase
/// that gave up) comes back as a run_result whose `failure` says why, with
/// what it saw. Failures during the run are counted, not fatal. With `metrics` set, serves the
/// Prometheus page at http://metrics/metrics while the run goes.
class supervisor {
public:
  explicit supervisor(run_options opts);

  protocol::result<run_result, run_failure> run(const std::atomic<int>& interrupt,
                                                std::ostream& log);

private:
  run_options opts_;
};

} // namespace throng::actors
