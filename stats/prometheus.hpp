#pragma once

// A run's figures as a Prometheus text page (`--metrics`).

#include <cstdint>
#include <string>

#include "stats/run_stats.hpp"

namespace throng::stats {

/// Returns the figures of a run so far in Prometheus' text exposition format
/// (version 0.0.4): throng_requests_total{op,status_class,shard},
/// throng_request_duration_seconds (a histogram by op, from the intended
/// send time), throng_request_errors_total{kind},
/// throng_unknown_outcome_total, throng_skipped_ticks_total,
/// throng_violations_total{class,shard} and the gauges throng_accounts_live
/// and throng_tick_backlog (ticks due and not yet sent, across the crowd).
std::string prometheus_text(const run_stats& s, std::int64_t live_accounts,
                            std::int64_t tick_backlog);

} // namespace throng::stats
