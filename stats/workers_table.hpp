#pragma once

// The workers table of a distributed run: its columns and the cells of its
// rows, shared by the console report and report.html.

#include <string>
#include <vector>

#include "stats/worker_figures.hpp"

namespace throng::stats {

/// Returns the workers table's column headings, in order: worker, accounts,
/// requests, rate/s, cpu s, cpu us/request, max rss MiB, tick lateness p99
/// ms, state.
std::vector<std::string> workers_table_header();

/// Returns the cells of `w`'s row, under workers_table_header(): figures as
/// the console report shows them (rates, times and sizes to two decimals),
/// the state last (worker_state). Plain text: a renderer escapes it as its
/// format needs.
std::vector<std::string> workers_table_row(const worker_figures& w);

/// Returns the CPU time `w` spent per request it finished, in
/// microseconds; 0 when it finished none.
double cpu_us_per_request(const worker_figures& w) noexcept;

/// Returns "ok" for a worker that lasted the run, "lost: " and the reason
/// for one the coordinator lost ("lost" when no reason came).
std::string worker_state(const worker_figures& w);

} // namespace throng::stats
