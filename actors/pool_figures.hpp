#pragma once

// The figures of one client pool's requests: what its I/O thread counts as
// the answers come, until they are taken for the stats actor.

#include <optional>

#include "actors/messages.hpp"
#include "actors/pool_request.hpp"
#include "actors/run_control.hpp"
#include "model/answer.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

/// The figures of the requests a metered_pool carried since they were last
/// taken: a run_stats and a time_series. Not thread-safe: while the pool
/// runs only its I/O thread touches them, and after it the thread that
/// stopped it.
class pool_figures {
public:
  /// Figures whose seconds count from the run's start in `control`, which
  /// must outlive them.
  explicit pool_figures(const run_control& control) : control_(control) {
  }

  /// Counts `a`, the answer to `r`: its latency from r's intended time, its
  /// service time from the actual send (the latency when it was never
  /// sent), under the shard `a` names or else the one `r` went to.
  void count(const pool_request& r, const model::answer& a);

  /// Returns what was counted since the last take() and starts afresh;
  /// nothing when no request was counted.
  std::optional<stats_delta> take();

private:
  const run_control& control_;
  stats::run_stats stats_;
  stats::time_series series_;
};

} // namespace throng::actors
