#pragma once

// report.html: a run on one self-contained page of SVG charts and tables.

#include <string>
#include <utility>
#include <vector>

#include "stats/report.hpp"
#include "stats/run_stats.hpp"
#include "stats/threshold.hpp"
#include "stats/time_series.hpp"

namespace throng::stats {

/// Something that happened during a run, marked on the time axis of every
/// chart (the run's start and end; later a migration, a stage change).
struct run_event {
  double at_s = 0;
  std::string label;
};

/// Everything report.html shows.
struct html_report_input {
  run_info info;
  const run_stats* figures = nullptr;
  const time_series* series = nullptr;
  std::vector<threshold_outcome> checks;
  std::vector<std::pair<std::string, std::string>> parameters; // name, value
  std::vector<run_event> events;
};

/// Returns report.html: one self-contained page (inline CSS and SVG, no
/// script, nothing fetched) with five charts over the run's seconds
/// (requests per second by category, latency p50/p90/p99 of all requests,
/// p99 latency by operation, requests per second by shard, violations per
/// second) with the events marked, the thresholds, a distributed run's
/// workers table (workers_table.hpp), the console report's tables and the
/// run's parameters. Every text from the outside (target, shard and worker
/// names, a lost worker's reason) is escaped.
std::string html_report(const html_report_input& in);

} // namespace throng::stats
