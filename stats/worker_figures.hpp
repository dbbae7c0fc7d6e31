#pragma once

// One worker's row in a distributed run's workers table: what it did, what
// it cost, and whether the coordinator lost it.

#include <cstdint>
#include <string>

namespace throng::stats {

/// One worker of a distributed run, as the report's and the summary's
/// workers table show it. A plain value, filled by the coordinator from
/// what the worker sent (a lost worker's row has what came before it was
/// lost).
struct worker_figures {
  std::string name;            // "host:port", as the coordinator reached it
  std::uint64_t accounts = 0;  // its share of the first accounts
  std::uint64_t requests = 0;  // requests it finished (answered or failed)
  double rate = 0;             // requests per second over the run
  double cpu_s = 0;            // its process's CPU time for the share
  std::uint64_t max_rss_kb = 0;
  std::uint64_t tick_lateness_p99_us = 0;
  bool lost = false;
  std::string lost_reason;     // why it was lost, or empty
};

} // namespace throng::stats
