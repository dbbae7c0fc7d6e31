#pragma once

// The ticker's schedule: every account's next tick in one min-heap, and the
// shapes (Poisson, uniform, paced) of the open model's intervals.

#include <cstdint>
#include <functional>
#include <vector>

#include "model/population.hpp"
#include "model/rng.hpp"

namespace throng::model {

/// How one account's tick intervals vary around the schedule's interval:
/// the open model's reading of a population's think time. A plain value.
struct tick_shape {
  enum class kind : std::uint8_t {
    fixed,       // exactly the interval (think kinds none and constant)
    exponential, // exponential with the interval as mean: Poisson arrivals
    uniform,     // uniform between `low` and `high` times the interval
    paced,       // `own_ns`, whatever the schedule's interval
  };
  kind how = kind::fixed;
  double low = 1;
  double high = 1;
  std::int64_t own_ns = 0;

  /// Returns the shape of think time `t`: a uniform think keeps the ratio
  /// of its bounds to their mean; a paced one its own rate.
  static tick_shape of(const think_spec& t);
};

/// The tick times of many accounts, each with its own phase and a common
/// interval: a min-heap of (due time, account slot). Taking what is due
/// re-arms each account for its next tick, computed from its due time (not
/// from now) so that rates do not drift. Accounts come and go, and the
/// interval changes with their number. An account may have a tick_shape
/// that draws each interval (from a generator seeded by `seed`) instead;
/// accounts without one cost nothing more. Plain data; not thread-safe.
class tick_schedule {
public:
  explicit tick_schedule(std::int64_t interval_ns, std::uint64_t seed = 0)
    : interval_ns_(interval_ns), rng_(seed) {}

  /// Adds account `slot` with its first tick at `first_due_ns`, its later
  /// intervals shaped by `shape`.
  void add(std::uint32_t slot, std::int64_t first_due_ns, const tick_shape& shape = {});

  /// Removes every account for which `gone(slot)` is true. Linear in the
  /// number of accounts.
  void remove_if(const std::function<bool(std::uint32_t)>& gone);

  /// Sets the interval to `interval_ns` and re-spreads the ticks still to
  /// come after `now_ns`: the time left until each is scaled by the new
  /// interval over the old, so that every account keeps its phase and the
  /// new rate holds at once (paced accounts keep their own). Linear in the
  /// number of accounts.
  void set_interval(std::int64_t interval_ns, std::int64_t now_ns);

  /// What take_due() calls for each account with ticks due: `(slot,
  /// first_due_ns, last_due_ns, n)`, the account's `n` ticks due from the
  /// first time to the last (the same time when `n` is 1).
  using fire_function
    = std::function<void(std::uint32_t, std::int64_t, std::int64_t, std::uint64_t)>;

  /// Calls `fire` for every account with a tick due at or before `now_ns`,
  /// in order of (first) due time, and schedules its next tick after
  /// `now_ns`. An account with several ticks due (the taker fell behind)
  /// fires once with all of them: for fixed intervals the run's ticks are
  /// exactly `interval_ns()` apart; for a shaped account the ticks after the
  /// first drawn one are counted at the mean interval (the paced rate, or
  /// `interval_ns()`), and its schedule starts afresh from `now_ns`. The
  /// work of one call is bounded by the number of accounts, however late it
  /// comes.
  void take_due(std::int64_t now_ns, const fire_function& fire);

  /// Returns the earliest due time, or INT64_MAX when empty.
  std::int64_t next_due_ns() const noexcept;

  std::int64_t interval_ns() const noexcept { return interval_ns_; }

  std::size_t size() const noexcept { return heap_.size(); }

private:
  struct entry {
    std::int64_t due_ns;
    std::uint32_t slot;
    bool shaped;
  };

  std::int64_t draw(const tick_shape& s);
  /// Schedules shaped entry `e`'s next tick after `now_ns`; returns how
  /// many more ticks came due after e's (0 when the taker kept up), the
  /// last of them at `last_ns`.
  std::uint64_t rearm_shaped(entry& e, std::int64_t now_ns, std::int64_t& last_ns);

  std::int64_t interval_ns_;
  std::vector<entry> heap_;
  std::vector<tick_shape> shapes_; // by slot, for shaped accounts only
  rng rng_;
};

} // namespace throng::model
