#pragma once

// The ticks an open-model account could not send yet, kept as wrk2 keeps a
// connection's late requests: each goes out as soon as the one before it is
// answered, measured from its own intended time.

#include <cstdint>

namespace throng::model {

/// The due times of the ticks an account has missed and not yet sent, in
/// constant space: a count and the first and last due time, the ticks in
/// between spread evenly. A run of fixed-interval ticks (due at `first`,
/// `first + i`, ..., `last`), or several such runs back to back, is
/// reconstructed exactly; for shaped (random) intervals the even spread
/// between the first and the last is an approximation of the drawn times,
/// which are not kept. Plain data; not thread-safe.
class tick_backlog {
public:
  /// Adds a run of `n` ticks due from `first_ns` to `last_ns`, spread
  /// evenly (one tick when `n` is 1: `last_ns` is then `first_ns`). The run
  /// joins what is already kept: the backlog then spans from its earliest
  /// first to its latest last due time. Adding zero ticks does nothing.
  void add(std::int64_t first_ns, std::int64_t last_ns, std::uint64_t n) noexcept;

  /// Removes the earliest tick and returns its due time. The backlog must
  /// not be empty.
  std::int64_t take() noexcept;

  /// Returns how many ticks are kept.
  std::uint64_t size() const noexcept { return count_; }

  bool empty() const noexcept { return count_ == 0; }

private:
  std::int64_t first_ns_ = 0; // the earliest due time kept
  std::int64_t last_ns_ = 0;  // the latest
  std::uint64_t count_ = 0;
};

} // namespace throng::model
