#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "stats/run_stats.hpp"

namespace throng::stats {

/// What the throng process itself used during the run, for judging the
/// client's own cost. Zero when not measured.
struct process_figures {
  double cpu_user_s = 0;
  double cpu_system_s = 0;
  std::uint64_t max_rss_kb = 0;
  bool includes_service = false; // the embedded service ran in the process
};

/// What a report says about the run besides its figures.
struct run_info {
  std::string target;
  double duration_s = 0;  // the measured time, used for rates
  std::uint64_t accounts = 0;
  std::uint64_t seed = 0;
  process_figures process;
};

/// Writes the console report: a table per operation (count, rate, errors,
/// latency p50/p90/p99/p99.9/max from the intended send time, and the same
/// from the actual send), the four category rates, a table per shard,
/// errors by kind, violations per class and the process's own CPU time and
/// memory.
void print_report(std::ostream& out, const run_info& info, const run_stats& s);

/// Returns the summary document (README, "Summary JSON"), pretty-printed.
std::string summary_json(const run_info& info, const run_stats& s);

} // namespace throng::stats
