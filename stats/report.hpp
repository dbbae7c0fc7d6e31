#pragma once

// A run's console report, its live status line and its summary JSON.

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "stats/run_stats.hpp"
#include "stats/threshold.hpp"
#include "stats/worker_figures.hpp"

namespace throng::stats {

/// What the throng process itself used during the run, for judging the
/// client's own cost. Zero when not measured.
struct process_figures {
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  std::uint64_t max_rss_kb = 0;
  bool includes_service = false; // the embedded service ran in the process
};

/// What the seed-data phase did before the measured run: its requests are
/// not in the run's figures.
struct seed_figures {
  std::uint64_t notes = 0;   // notes created
  std::uint64_t errors = 0;  // requests that failed
  std::uint64_t retries = 0; // failures followed by another try
  double seconds = 0;        // the phase's wall-clock time

  /// Returns notes created per second (0 for an instant phase).
  double rate() const noexcept {
    return seconds > 0 ? static_cast<double>(notes) / seconds : 0;
  }
};

/// How many accounts a run had alive: a shaped or controlled run's crowd
/// changes size after its start.
struct crowd_sizes {
  std::uint64_t peak = 0; // the most at once
  std::uint64_t end = 0;  // left at the end
};

/// What a report says about the run besides its figures.
struct run_info {
  std::string target;
  double duration_s = 0;  // the measured time, used for rates
  std::uint64_t accounts = 0;
  std::uint64_t seed = 0;
  process_figures process;
  std::optional<seed_figures> seed_data{}; // set when the run had a seed-data phase
  std::optional<crowd_sizes> accounts_live{}; // set when known
  /// Why the run does not count as a pass though it found no violation (it
  /// stopped early, or nothing succeeded), as the user reads it; or empty.
  std::string failure{};
  /// A distributed run's workers, one each, in the order given; empty for a
  /// run in one process (then `process` is the whole client's cost, else
  /// the coordinator's alone).
  std::vector<worker_figures> workers{};
};

/// Writes the console report: a table per operation (count, rate, errors,
/// latency p50/p90/p99/p99.9/max from the intended send time, and the same
/// from the actual send), the four category rates, a table per shard,
/// errors by kind, violations per class and the process's own CPU time and
/// memory (headed "coordinator process" in a distributed run, then a
/// "workers" table, workers_table.hpp); a "seed data" table first when the
/// run had that phase.
/// `checks`, if any, are listed at the end, one PASS or FAIL line each.
void print_report(std::ostream& out, const run_info& info, const run_stats& s,
                  const std::vector<threshold_outcome>& checks = {});

/// What the live status line shows: the figures of the last second and the
/// totals so far.
struct status_figures {
  double elapsed_s = 0;
  std::int64_t live_accounts = 0;
  std::array<double, protocol::category_count> rates{}; // per second
  double p99_ms = 0;         // over the last second, every operation
  std::uint64_t errors = 0;  // so far
  std::uint64_t violations = 0;
  std::int64_t tick_backlog = 0; // ticks due and not yet sent, across the crowd
  std::uint32_t workers_lost = 0; // a distributed run's workers lost so far
  /// Note requests per second over the last second, per shard.
  std::vector<std::pair<std::string, double>> shard_rates;
};

/// Returns the one-line live status: "[12s] accounts 200 | account r 81/s
/// w 90/s | note r 451/s w 378/s | p99 3.21ms | errors 0 | violations 0",
/// then, when the crowd has ticks due and not yet sent, " | behind 1234",
/// then the note rate of each shard: " | shard-0 412/s shard-1 417/s".
std::string status_line(const status_figures& f);

/// Returns the summary document (README, "Summary JSON"), pretty-printed,
/// with `checks` under "thresholds".
std::string summary_json(const run_info& info, const run_stats& s,
                         const std::vector<threshold_outcome>& checks = {});

} // namespace throng::stats
