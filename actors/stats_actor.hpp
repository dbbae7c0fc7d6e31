#pragma once

// The stats actor: merges the run's figures, writes the violations log, prints
// the status line and hands its figures to the Prometheus page.

#include <cstdint>
#include <fstream>
#include <iosfwd>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>

#include "control/dashboard.hpp"
#include "stats/metrics_board.hpp"
#include "actors/run_control.hpp"
#include "stats/histogram.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

struct violation_report;

/// How the stats actor shows progress while the run goes.
enum class status_mode : std::uint8_t {
  quiet,    // nothing
  lines,    // one plain line a second (output is not a terminal)
  terminal, // one line a second, rewritten in place
};

/// What the stats actor is started with. `violations_log` is a path or
/// empty; the run's set-up has checked that it can be opened. `control`,
/// `status_out`, `metrics` and `dashboard` (each may be null) outlive the
/// actor.
struct stats_actor_args {
  std::string violations_log;
  std::uint64_t seed = 0;
  run_control* control = nullptr;
  status_mode status = status_mode::quiet;
  std::ostream* status_out = nullptr;
  stats::metrics_board* metrics = nullptr;
  control::dashboard* dashboard = nullptr;
  /// A worker's share of a distributed run: where the figures go on, or
  /// none. Once a second (and before it answers totals_atom) the actor sends
  /// it what arrived since the last time as one stats_delta, then (gauges_atom,
  /// live accounts, tick backlog, ticks abandoned); each violation_report and
  /// (indeterm_atom, n) goes on as it comes.
  caf::actor relay;
  /// Seconds after which a second of the series is sealed: by then every
  /// producer's figures for it have arrived.
  std::uint32_t seal_lag_s = 3;
};

/// The state of the stats actor: the run's totals and time series so far,
/// the figures of the current second for the status line, the open
/// violations log.
struct stats_actor_state {
  stats::run_stats totals;
  stats::time_series series;
  stats::histogram window_latency_us; // every operation, since the last status
  stats::run_stats at_last_status;    // totals when the last status went out
  std::int64_t last_status_ns = 0;
  std::unique_ptr<std::ofstream> violations_log;
  stats::run_stats relay_figures; // what the relay has not been sent yet
  stats::time_series relay_series;
  bool relay_pending = false; // something arrived since the last relay
  stats_actor_args args;
  static inline const char* name = "throng.stats";
};

/// The stats actor: merges the stats_delta batches that producers flush,
/// counts violation_report and protocol_error_report messages (publishing
/// the running totals in run_control for the control API), writes each
/// violation as one JSON line to the violations log, once a second prints
/// the status line, publishes its totals on the metrics board (which builds
/// the page only when it is scraped) and hands them to the dashboard (with
/// the series too when it asks for them), and seals the time series of seconds
/// no producer will add to, and answers totals_atom with the totals and the
/// whole time series (a stats_delta).
caf::behavior stats_actor(caf::stateful_actor<stats_actor_state>* self,
                          stats_actor_args args);

/// Returns a violation report as its violations-log line has it.
nlohmann::json to_json(const violation_report& v, std::uint64_t seed);

/// Returns a violation report as its JSON line (without the newline).
std::string to_json_line(const violation_report& v, std::uint64_t seed);

} // namespace throng::actors
