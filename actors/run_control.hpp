#pragma once

#include <atomic>
#include <cstdint>

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
};

} // namespace throng::actors
