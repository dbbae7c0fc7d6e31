#pragma once

// What a run's actors share with the thread that runs it: the stop flag, the
// in-flight and backlog counters, and the tests' record of operations.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "protocol/operation.hpp"
#include "stats/histogram.hpp"

namespace throng::actors {

/// The operations each account of a run sent, in order, by account index:
/// an opt-in record for tests (run_options::record_operations). Thread-safe
/// (one mutex: every request takes it, so it is for small test runs only).
class operation_record {
public:
  void add(std::uint32_t account, protocol::operation op) {
    std::lock_guard<std::mutex> guard{mtx_};
    ops_[account].push_back(op);
  }

  /// Returns what was recorded and empties the record.
  std::map<std::uint32_t, std::vector<protocol::operation>> take() {
    std::lock_guard<std::mutex> guard{mtx_};
    return std::exchange(ops_, {});
  }

private:
  std::mutex mtx_;
  std::map<std::uint32_t, std::vector<protocol::operation>> ops_;
};

/// Flags and counters that the actors of a run share with the run
/// coordinator and the thread that runs it. Owned by the run's set-up
/// (run_setup), which outlives every actor of the run.
/// Thread-safe (atomics).
struct run_control {
  /// Set when the run should stop: accounts send no new request.
  std::atomic<bool> stopping{false};
  /// Requests sent by accounts and not yet answered.
  std::atomic<std::int64_t> in_flight{0};
  /// Account actors alive (an account that was removed counts until its
  /// last request is answered).
  std::atomic<std::int64_t> live_accounts{0};
  /// When the measured run began (steady clock, ns): second 0 of the time
  /// series.
  std::atomic<std::int64_t> start_ns{0};
  /// The run's figures so far, published by the stats actor as it merges
  /// them: requests sent, requests failed, violations.
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> errors{0};
  std::atomic<std::uint64_t> violations{0};
  /// Requests of the seed-data phase that failed, across the crowd.
  std::atomic<std::uint64_t> seed_errors{0};
  /// A distributed run: the workers lost so far (the status line says so).
  std::atomic<std::uint32_t> workers_lost{0};

  /// Returns the second of the run that time `t_ns` falls in (0 before the
  /// start).
  std::uint32_t second_of(std::int64_t t_ns) const noexcept {
    auto start = start_ns.load(std::memory_order_relaxed);
    return t_ns > start ? static_cast<std::uint32_t>((t_ns - start) / 1'000'000'000) : 0;
  }
  /// Set by the ticker once it has stopped.
  std::atomic<bool> ticker_done{false};
  /// How late the ticker sent each tick, in microseconds: written by the
  /// ticker before it sets ticker_done, read only after.
  stats::histogram tick_lateness_us;
  /// The crowd's backlog, a gauge: ticks that came due and have not been
  /// sent yet. The ticker adds each tick as it sends it to its account; the
  /// account takes it off when it sends the tick's request (or its
  /// behaviour idles on it), or moves it to ticks_abandoned when it leaves
  /// the run. Never below zero. On a cache line of its own: the ticker
  /// writes it for every batch of ticks, and the flags above are read for
  /// every request.
  alignas(64) std::atomic<std::int64_t> tick_backlog{0};
  /// Ticks left in the backlogs of accounts that left the run: intended
  /// sends that never went out.
  std::atomic<std::uint64_t> ticks_abandoned{0};

  /// Returns the intended sends that never went out: complete once the
  /// ticker and every account are gone (the backlog left when the run
  /// stopped, and what accounts that left took with them).
  std::uint64_t unsent_ticks() const noexcept {
    return ticks_abandoned.load(std::memory_order_relaxed)
           + static_cast<std::uint64_t>(
             std::max<std::int64_t>(0, tick_backlog.load(std::memory_order_relaxed)));
  }
};

} // namespace throng::actors
