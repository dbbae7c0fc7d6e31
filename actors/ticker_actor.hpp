#pragma once

// The ticker actor: the accounts' clock in the open model, sending each its
// ticks so that together they keep the run's total rate.

#include <cstdint>
#include <memory>
#include <vector>

#include <caf/blocking_actor.hpp>

#include "actors/run_control.hpp"
#include "http/io_thread.hpp"

namespace throng::actors {

/// What a ticker is started with: the total rate, the seed of the accounts'
/// random phases and the run's shared flags and counters.
struct ticker_args {
  double rpm = 6000;
  std::uint64_t seed = 0;
  run_control* control = nullptr;
  /// The I/O threads the accounts run on (io_scheduler), where account
  /// index i runs on threads[i % size]; empty when they run elsewhere.
  std::vector<http::io_thread*> threads;
};

/// The accounts' clock: gives each account its ticks at its own times (a
/// random phase, then every interval), keeping every account's schedule in
/// one tick_schedule. The interval is `accounts * 60 / rpm` seconds, so
/// that the accounts together keep the total rate (the open model); an
/// account that joined with a tick_shape draws its intervals around that
/// mean (exponential: Poisson arrivals; uniform), or keeps its own rate
/// (paced, outside the total). When accounts join (ticker_join), leave
/// (ticker_leave) or the rate changes (`(rate_atom, rpm)`), the ticks to
/// come are re-spread at once. Every tick goes to its account's tick_inbox,
/// busy or not, and is counted in run_control::tick_backlog; an account
/// that listened (free, with nothing to send) is woken with `(tick_atom)`,
/// one that is busy gets no message and takes the tick once its answer is
/// in. When the ticker falls behind, an account with several ticks due
/// gets them as one run (see tick_schedule::take_due), so that none is
/// lost. An account that leaves gets a retire_atom after its last tick. A
/// blocking actor; the clock itself is a tick_clock. Without `threads` it
/// runs on the actor's own thread, which sleeps until the earliest due tick
/// or the next message: a delayed_send per tick would wake CAF's timer
/// thread for each (measured: about 20 us of CPU per tick on two cores).
/// With `threads` it runs on the first I/O thread's timer (io_timer), beside
/// the accounts, so that no thread is woken for a turn of the clock; the
/// actor's thread then only hands the clock what the messages say (under a
/// lock) and watches for the run's end. The accounts on other I/O threads
/// get their wake-ups of one turn as one batch, sent from their thread.
/// Returns once the run is stopping, after handing run_control how late it
/// sent each tick (tick_lateness_us) and setting ticker_done.
void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args);

} // namespace throng::actors
