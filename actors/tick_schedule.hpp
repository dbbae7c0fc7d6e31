#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace throng::actors {

/// The tick times of many accounts, each with its own phase and a common
/// interval: a min-heap of (due time, account slot). Taking what is due
/// re-arms each account for its next tick, computed from its due time (not
/// from now) so that rates do not drift. Plain data; not thread-safe.
class tick_schedule {
public:
  explicit tick_schedule(std::int64_t interval_ns) : interval_ns_(interval_ns) {}

  /// Adds account `slot` with its first tick at `first_due_ns`.
  void add(std::uint32_t slot, std::int64_t first_due_ns);

  /// Calls `fire(slot, due_ns)` for every account with a tick due at or
  /// before `now_ns`, in order of due time, and schedules its next tick
  /// after `now_ns`. An account with several ticks due (the taker fell
  /// behind) fires once, with the earliest due time, and `skip(slot, n)`
  /// counts the other `n`: the work of one call is bounded by the number of
  /// accounts, however late it comes.
  void take_due(std::int64_t now_ns,
                const std::function<void(std::uint32_t, std::int64_t)>& fire,
                const std::function<void(std::uint32_t, std::uint64_t)>& skip);

  /// Returns the earliest due time, or INT64_MAX when empty.
  std::int64_t next_due_ns() const noexcept;

  std::size_t size() const noexcept { return heap_.size(); }

private:
  struct entry {
    std::int64_t due_ns;
    std::uint32_t slot;
  };

  std::int64_t interval_ns_;
  std::vector<entry> heap_;
};

} // namespace throng::actors
