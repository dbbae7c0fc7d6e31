#pragma once

// Test plumbing: records the same requests in a run's figures and in its time
// series.

#include <cstdint>
#include <initializer_list>

#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::stats::testing {

/// Records a request of each of `ops` in every second below `seconds`, in
/// `figures` and in `series` (as no error); `sample(second)` describes the
/// request but for its operation.
template <class Sample>
void record_each_second(run_stats& figures, time_series& series, std::uint32_t seconds,
                        std::initializer_list<protocol::operation> ops, Sample sample) {
  for (std::uint32_t second = 0; second < seconds; ++second)
    for (auto op : ops) {
      request_sample s = sample(second);
      s.op = op;
      figures.record(s);
      series.record(second, op, s.shard, false, s.latency_us);
    }
}

} // namespace throng::stats::testing
