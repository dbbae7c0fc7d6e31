#pragma once

// Everything a run of the crowd needs to know: the target, the crowd and its
// rate, the load shape, the outputs and the run-time controls.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>

#include "config/load_shape.hpp"
#include "model/account_indexes.hpp"
#include "model/api_profile.hpp"
#include "model/population.hpp"
#include "control/dashboard.hpp"
#include "control/run_controller.hpp"
#include "config/scenario.hpp"
#include "actors/stats_actor.hpp"

namespace throng::actors {

/// Everything a run of the crowd needs to know. Validated by the caller
/// (the command line); the run checks only what needs the outside world
/// (the target, the output files, the addresses it listens on).
struct run_options {
  std::string target;                  // URL of the notes service
  /// The API profile the accounts speak (`--api`); nullptr: the built-in
  /// contract (shared/api-v1.md). Shared, read-only, by every account.
  std::shared_ptr<const model::api_profile> api;
  std::size_t accounts = 100;
  std::size_t notes_per_account = 20;  // at the cap an account does not create
  double rpm = 6000;                   // total requests per minute
  std::chrono::milliseconds duration{30'000};
  std::size_t connections = 16;
  std::size_t client_threads = 1;      // client pools, one I/O thread each
  std::size_t scheduler_threads = 0;   // CAF worker threads; 0: on the client threads
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
  std::ostream* status_out = nullptr;           // where it goes (outlives the run)
  std::string metrics;                          // "host:port" of /metrics, or empty
  std::chrono::milliseconds connect_wait{10'000}; // for the target at the start
  /// The load shape: from `accounts` and `rpm`, these stages in turn (the
  /// last values hold until `duration` is over); accounts are added at most
  /// `spawn_rate` a second (0: no limit).
  std::vector<config::load_stage> stages;
  double spawn_rate = 0;
  std::string control; // "host:port" (loopback only) of the control API, or empty
  /// "host:port" of the live dashboard, or empty; a host that is not
  /// loopback needs the dashboard's token. The dashboard (needed with `web`;
  /// fed by the stats actor whenever set) belongs to the caller and
  /// outlives the run.
  std::string web;
  control::dashboard* dashboard = nullptr;
  /// Called on the run coordinator's thread after each step of the load
  /// shape (about every 100 ms) with the run's controls; may be empty. The
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
  /// A distributed run (fleet/) sets the next five, a worker's share the
  /// first four and the coordinator the last; a one-process run keeps their
  /// defaults. Which index each account made gets (default: 0, 1, 2, ...).
  model::account_indexes indexes;
  /// The whole run's accounts, as population_of() shares them out (0:
  /// `accounts`).
  std::size_t population_accounts = 0;
  /// The prefix of the accounts' names (empty: a fresh one).
  std::string name_prefix;
  /// Where the stats actor forwards what it gathers (stats_actor_args::
  /// relay), or none.
  caf::actor relay;
  /// Seconds after which the stats actor seals a second of the series
  /// (stats_actor_args::seal_lag_s): a coordinator's figures come later.
  std::uint32_t seal_lag_s = 3;
};

} // namespace throng::actors
