#pragma once

// Phases of a run (before, during, after a migration): their figures from the
// time series, and the table that shows them.

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "stats/time_series.hpp"

namespace throng::stats {

/// A named stretch of a run, in seconds since its start: [from_s, to_s).
struct phase {
  std::string name;
  double from_s = 0;
  double to_s = 0;
};

/// What a run did during one phase, from its time series.
struct phase_figures {
  std::string name;
  std::uint32_t seconds = 0; // whole seconds of the series in the phase
  /// Note requests per second on each shard (every shard of the run, zero
  /// included).
  std::map<std::string, double> shard_note_rps;
  double requests_per_s = 0;
  std::uint64_t errors = 0;
  std::uint64_t violations = 0;
  /// The median and the worst of the per-second p99 latencies (from the
  /// intended send time). Percentiles of seconds are not averaged: these
  /// say what a typical and the worst second looked like.
  double median_p99_ms = 0;
  double worst_p99_ms = 0;
};

/// Splits the sealed seconds of `series` into `phases` (a second belongs to
/// the phase its start falls in) and sums each. Seconds outside every phase
/// are left out.
std::vector<phase_figures> summarize_phases(const time_series& series,
                                            const std::vector<phase>& phases);

/// Writes `figures` as a table: a row per phase with its length, the note
/// rate of every shard, the request rate, the p99s, errors and violations.
void print_phases(std::ostream& out, const std::string& title,
                  const std::vector<phase_figures>& figures);

} // namespace throng::stats
