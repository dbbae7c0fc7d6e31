#pragma once

// What a run leaves behind: the console report, summary.json,
// timeseries.csv and report.html, and the verdict its exit code gives.

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "stats/html_report.hpp"
#include "stats/report.hpp"
#include "stats/run_stats.hpp"
#include "stats/threshold.hpp"
#include "stats/time_series.hpp"
#include "stats/verdict.hpp"

namespace throng::stats {

/// What a run came to. Each value is the exit code `throng run` gives for
/// it (README, "Exit codes").
enum class run_verdict : int {
  pass = 0,             // no violation, no failure, every threshold passed
  violations = 1,       // the checker found violations
  not_a_pass = 3,       // a file could not be written, the run stopped
                        // early, or nothing it asked for succeeded
  threshold_failed = 4, // a threshold failed
};

/// Where a run's outputs go and what the run is checked against.
struct run_output_settings {
  std::string command = "throng run"; // starts each error message
  std::vector<threshold> checks;
  /// A path, or empty: then out_dir/summary.json when out_dir is set, else
  /// no summary.
  std::string summary_json;
  std::string out_dir; // timeseries.csv and report.html go here, or empty
};

/// A finished run as its outputs show it. The figures and the series
/// belong to the caller and must outlive the calls this is passed to.
struct finished_run {
  /// failure: why the run stopped early, or empty (then run_output names
  /// the failure when nothing the run asked for succeeded).
  run_info info;
  const run_stats* figures = nullptr;
  const time_series* series = nullptr;
  /// Marked on report.html's charts, between the run's start and its end.
  std::vector<run_event> events;
  bool interrupted = false; // stopped by a signal before its duration
  std::string base_path;    // the target's path prefix, for failure messages
  /// The requests as the run's API profile writes them; empty: the
  /// built-in contract's (for failure messages).
  request_lines requests;
  /// Shown in report.html: name, value.
  std::vector<std::pair<std::string, std::string>> parameters;
};

/// The outputs of one run, from their paths to the verdict: prepare()
/// before the run so that a bad path loses no run, write() after it. A
/// plain object, not thread-safe. Errors come back as values: prepare()
/// says what is wrong, write() says on its error stream which file it
/// could not write and returns not_a_pass.
class run_output {
public:
  explicit run_output(run_output_settings settings);

  /// Creates out_dir (with its parents) and checks that the summary can be
  /// written, creating its file if absent. Returns "" when both went well,
  /// else what is wrong, naming the flag: "--out: cannot create DIR: why",
  /// "--summary-json: cannot write PATH".
  std::string prepare() const;

  /// Returns the path of the summary, or "" when there is none.
  const std::string& summary_json() const noexcept {
    return settings_.summary_json;
  }

  /// Returns out_dir/violations.jsonl, or "" without out_dir.
  std::string violations_log() const;

  /// Prints the console report of `r` on `out` and writes every file asked
  /// for, whatever the verdict, also for a run that stopped early. Says on
  /// `err` which file could not be written, and why the run is not a pass
  /// when it stopped early or nothing succeeded. Returns not_a_pass when a
  /// file could not be written, else violations when the run found any,
  /// else not_a_pass when it stopped early or nothing it asked for
  /// succeeded, else threshold_failed when a threshold failed, else pass.
  run_verdict write(const finished_run& r, std::ostream& out,
                    std::ostream& err) const;

private:
  /// Writes summary.json; returns false, having said so on `err`, when it
  /// could not.
  bool write_summary(const run_info& info, const run_stats& figures,
                     const std::vector<threshold_outcome>& outcomes,
                     std::ostream& err) const;

  /// Writes timeseries.csv and report.html into out_dir; returns false,
  /// having said which on `err`, when one could not be written.
  bool write_out_dir(const finished_run& r, const run_info& info,
                     const std::vector<threshold_outcome>& outcomes,
                     std::ostream& err) const;

  run_output_settings settings_;
};

} // namespace throng::stats
