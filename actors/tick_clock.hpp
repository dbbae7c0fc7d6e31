#pragma once

// The open model's clock without a thread of its own: the accounts'
// schedule and inboxes, which the ticker runs on its own thread or on an
// I/O thread's timer.

#include <atomic>
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include <caf/actor.hpp>

#include "actors/messages.hpp"
#include "model/rng.hpp"
#include "model/tick_inbox.hpp"
#include "model/tick_schedule.hpp"
#include "stats/histogram.hpp"

namespace throng::actors {

/// The accounts' clock: every account's schedule in one tick_schedule,
/// whose interval is `accounts * 60 / rpm` (paced accounts keep their
/// own), each account's actor and tick_inbox by its slot, and how late
/// each tick was handed over. fire() puts what came due in the inboxes and
/// names the accounts to wake; the caller sends the messages. Joining,
/// leaving and a new rate re-spread the ticks to come at once. Not
/// thread-safe: one thread at a time (the ticker's, or the I/O thread of
/// its timer, under the ticker's lock).
class tick_clock {
public:
  /// A clock at total rate `rpm`, drawing the accounts' phases and shaped
  /// intervals from `seed`.
  tick_clock(double rpm, std::uint64_t seed);

  /// Adds the accounts of `j` (their actors moved out), each with a random
  /// phase within its first interval from now.
  void join(ticker_join& j);

  /// Takes the accounts of `l` off (slots unknown or gone are skipped) and
  /// returns them, (slot, actor), to be retired after their last tick.
  std::vector<std::pair<std::uint32_t, caf::actor>> leave(const ticker_leave& l);

  /// Sets the total rate to `rpm`.
  void set_rate(double rpm);

  /// An account to wake: its slot and its actor (the clock's own, valid
  /// until the next join()).
  using wake = std::pair<std::uint32_t, const caf::actor*>;

  /// Puts every tick due at or before `now_ns` in its account's inbox and
  /// appends to `wakes` the accounts that listened. The lot is added to
  /// `backlog` first, so that an account's taking a tick off never comes
  /// before; how late each went out (in us, at the time fire() reads after
  /// taking) is recorded.
  void fire(std::int64_t now_ns, std::atomic<std::int64_t>& backlog, std::vector<wake>& wakes);

  /// Returns the earliest due tick, or INT64_MAX when there is none.
  std::int64_t next_due_ns() const noexcept { return schedule_.next_due_ns(); }

  /// Returns how late each tick went out so far, and forgets it.
  stats::histogram take_lateness();

private:
  // The ticks one account got at once: `n` due from `first` to `last`.
  struct tick_run {
    std::uint32_t slot;
    std::int64_t first;
    std::int64_t last;
    std::uint64_t n;
  };

  void record_lateness(std::int64_t now, const tick_run& r);
  void respread();

  double rpm_;
  std::size_t active_ = 0; // accounts that share the rate (not paced)
  std::vector<caf::actor> accounts_;        // by slot; empty once it left
  std::deque<model::tick_inbox>* inboxes_ = nullptr; // by slot
  std::vector<bool> paced_;                 // by slot
  model::tick_schedule schedule_;
  model::rng phase_;
  std::vector<tick_run> due_;
  stats::histogram lateness_;
};

} // namespace throng::actors
