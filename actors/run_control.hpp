#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace throng::actors {

/// Flags and counters that the actors of a run share with the thread that
/// runs it. Owned by the supervisor, which outlives every actor of the run.
/// Thread-safe (atomics).
struct run_control {
  /// Set when the run should stop: accounts send no new request.
  std::atomic<bool> stopping{false};
  /// Requests sent by accounts and not yet answered.
  std::atomic<std::int64_t> in_flight{0};
  /// Account actors alive.
  std::atomic<std::int64_t> live_accounts{0};
  /// When the measured run began (steady clock, ns): second 0 of the time
  /// series.
  std::atomic<std::int64_t> start_ns{0};

  /// Returns the second of the run that time `t_ns` falls in (0 before the
  /// start).
  std::uint32_t second_of(std::int64_t t_ns) const noexcept {
    auto start = start_ns.load(std::memory_order_relaxed);
    return t_ns > start ? static_cast<std::uint32_t>((t_ns - start) / 1'000'000'000) : 0;
  }
  /// Set by the ticker once it has stopped and flushed its figures.
  std::atomic<bool> ticker_done{false};
  /// One flag per account, set while it has a request in flight: the ticker
  /// reads it to count a tick that finds the account busy as skipped without
  /// waking the account.
  std::unique_ptr<std::atomic<bool>[]> busy;

  explicit run_control(std::size_t accounts)
    : busy(std::make_unique<std::atomic<bool>[]>(accounts)) {
  }
};

} // namespace throng::actors
