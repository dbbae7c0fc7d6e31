#pragma once

// What a finished run of the crowd measured: its figures, its time series,
// the changes of its load and why it stopped early, if it did.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "actors/run_failure.hpp"
#include "protocol/operation.hpp"
#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"
#include "stats/worker_figures.hpp"

namespace throng::actors {

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
  /// A distributed run (fleet/): one row per worker, in the order given.
  std::vector<stats::worker_figures> workers;
};

} // namespace throng::actors
