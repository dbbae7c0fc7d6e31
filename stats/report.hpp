#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>

#include "stats/run_stats.hpp"

namespace throng::stats {

/// What a report says about the run besides its figures.
struct run_info {
  std::string target;
  double duration_s = 0;  // the measured time, used for rates
  std::uint64_t accounts = 0;
  std::uint64_t seed = 0;
};

/// Writes the console report: a table per operation (count, rate, errors,
/// latency p50/p90/p99/p99.9/max from the intended send time, and the same
/// from the actual send), the four category rates, a table per shard,
/// errors by kind and violations per class.
void print_report(std::ostream& out, const run_info& info, const run_stats& s);

/// Returns the summary document (README, "Summary JSON"), pretty-printed.
std::string summary_json(const run_info& info, const run_stats& s);

} // namespace throng::stats
