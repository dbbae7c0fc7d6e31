#pragma once

// The drain at the end of a run: stop ticking, wait for the requests in
// flight, drain the client pools, end the accounts and collect the totals.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <vector>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/crowd.hpp"
#include "actors/messages.hpp"
#include "actors/run_control.hpp"

namespace throng::actors {

/// A drain's timer: the actor that runs the drain hands each one it
/// receives to run_drain::on_check().
using drain_check_atom = caf::atom_constant<caf::atom("drainchk")>;

/// The drain at the end of a run, carried out by the actor that runs it
/// (the run coordinator) with its own timer and requests, in turn:
///
/// 1. the run is stopping (run_control::stopping): the ticker stops and
///    accounts send no new request;
/// 2. it waits up to `grace` for the requests in flight to be answered, not
///    at all once `interrupt` (a count of signals) reaches 2, and says on
///    the log how many are still in flight if some are;
/// 3. it drains every client pool through its pool flusher (drain_atom),
///    so that their last figures are on their way to the stats actor;
/// 4. it ends the crowd's accounts and waits up to 10 s for every account
///    actor (those removed earlier included) and the ticker to be gone;
/// 5. it asks the stats actor for the totals, counts the ticks never sent
///    into them (run_control::unsent_ticks), ends the pool flushers and the
///    stats actor and hands the totals to the caller.
///
/// Checks every 10 ms while it waits. A request the flushers or the stats
/// actor fail is taken as answered (empty totals for the stats actor). The
/// references given must outlive the drain; not thread-safe (the actor's).
class run_drain {
public:
  /// Receives the run's totals once the drain is over.
  using done_handler = std::function<void(stats_delta totals)>;

  run_drain(run_control& control, const std::atomic<int>& interrupt,
            std::chrono::milliseconds grace, std::ostream& log);

  run_drain(const run_drain&) = delete;
  run_drain& operator=(const run_drain&) = delete;

  /// Starts the drain on `self` of the pool flushers `pools`, the
  /// accounts of `members` and the stats actor `stats`; `done` is called on
  /// `self` at the end.
  void begin(caf::event_based_actor* self, std::vector<caf::actor> pools, caf::actor stats,
             crowd& members, done_handler done);

  /// Goes on after `self` received a drain_check_atom.
  void on_check(caf::event_based_actor* self);

private:
  enum class stage { idle, grace, pools, actors, totals, over };
  using clock = std::chrono::steady_clock;

  void drain_pools(caf::event_based_actor* self);
  void pool_drained(caf::event_based_actor* self);
  void end_accounts(caf::event_based_actor* self);
  void collect(caf::event_based_actor* self);
  void finish(stats_delta totals);
  void check_later(caf::event_based_actor* self);

  run_control& control_;
  const std::atomic<int>& interrupt_;
  std::chrono::milliseconds grace_;
  std::ostream& log_;
  stage stage_ = stage::idle;
  clock::time_point deadline_;
  std::vector<caf::actor> pools_;
  caf::actor stats_;
  crowd* members_ = nullptr;
  done_handler done_;
  std::size_t pools_pending_ = 0;
};

} // namespace throng::actors
