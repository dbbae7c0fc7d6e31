#pragma once

#include <cstdint>
#include <fstream>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "stats/run_stats.hpp"

namespace throng::actors {

struct violation_report;

/// The state of the stats actor: the run's totals so far and the open
/// violations log, if any.
struct stats_actor_state {
  stats::run_stats totals;
  std::unique_ptr<std::ofstream> violations_log;
  std::uint64_t seed = 0;
  static inline const char* name = "throng.stats";
};

/// What the stats actor is started with. `violations_log` is a path or
/// empty; the supervisor has checked that it can be opened.
struct stats_actor_args {
  std::string violations_log;
  std::uint64_t seed = 0;
};

/// The stats actor: merges the stats_delta batches that producers flush,
/// counts violation_report and protocol_error_report messages, writes each
/// violation as one JSON line to the violations log, and answers totals_atom
/// with the totals (a stats_delta).
caf::behavior stats_actor(caf::stateful_actor<stats_actor_state>* self,
                          stats_actor_args args);

/// Returns a violation report as its JSON line (without the newline).
std::string to_json_line(const violation_report& v, std::uint64_t seed);

} // namespace throng::actors
