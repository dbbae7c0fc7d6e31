#pragma once

// A run's result handed to stats::run_output, which prints and writes what
// the run leaves, and the exit code its verdict gives.

#include "actors/run_result.hpp"
#include "model/api_profile.hpp"
#include "stats/report.hpp"
#include "stats/run_output.hpp"

namespace throng::apps {

/// Returns what stats::run_output shows of `r`: `info` (target, accounts,
/// seed, process figures) with the run's duration, crowd sizes and failure,
/// its events and whether it was interrupted. Points into `r`, which must
/// outlive the result.
stats::finished_run finished(const actors::run_result& r, stats::run_info info,
                             const model::api_profile* api = nullptr);

/// Returns the exit code a run with verdict `v` gives.
int exit_code_of(stats::run_verdict v);

/// Returns this process's CPU time and peak memory so far.
stats::process_figures own_usage();

} // namespace throng::apps
