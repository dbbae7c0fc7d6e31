#pragma once

// What the end of a run prints and writes (console report, summary JSON,
// timeseries.csv, report.html), and the exit code that follows.

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "actors/run_result.hpp"
#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "stats/threshold.hpp"

namespace throng::apps {

/// What the end of a run prints and writes, and where.
struct run_report_settings {
  std::string command = "throng run"; // starts each error message
  stats::run_info info;
  std::vector<stats::threshold> checks;
  std::string summary_json; // a path, or empty
  std::string out_dir;      // timeseries.csv and report.html go here, or empty
  /// Shown in report.html: name, value.
  std::vector<std::pair<std::string, std::string>> parameters;
  /// Marked on report.html's charts besides the run's own events.
  std::vector<stats::run_event> events;
};

/// Prints the console report of `r` to `out` and writes every file asked
/// for, whatever the verdict, also for a run that stopped early. Returns
/// the exit code: exit_cannot_run when a file cannot be written (saying
/// which on `err`), else exit_violations when the run found any, else
/// exit_cannot_run when it stopped early or nothing it asked for
/// succeeded (saying why on `err`), else exit_threshold_failed when a
/// threshold failed, else exit_ok.
int report_run(const actors::run_result& r, const run_report_settings& s,
               std::ostream& out, std::ostream& err);

/// Returns this process's CPU time and peak memory so far.
stats::process_figures own_usage();

} // namespace throng::apps
