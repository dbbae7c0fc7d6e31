#pragma once

#include <cstdint>
#include <memory>

#include <caf/actor.hpp>
#include <caf/blocking_actor.hpp>

#include "actors/run_control.hpp"

namespace throng::actors {

/// What a ticker is started with: the total rate, the seed of the accounts'
/// random phases, the run's shared flags and where skipped ticks are counted.
struct ticker_args {
  double rpm = 6000;
  std::uint64_t seed = 0;
  run_control* control = nullptr;
  caf::actor stats;
};

/// The accounts' clock: sends each account `(tick_atom, due_ns)` at its own
/// times (a random phase, then every interval), keeping every account's
/// schedule in one tick_schedule. The interval is `accounts * 60 / rpm`
/// seconds, so that the accounts together keep the total rate (the open
/// model); an account that joined with a tick_shape draws its intervals
/// around that mean (exponential: Poisson arrivals; uniform), or keeps its
/// own rate (paced, outside the total). When
/// accounts join (ticker_join), leave (ticker_leave) or the rate changes
/// (`(rate_atom, rpm)`), the ticks to come are re-spread at once. An account
/// that leaves gets a retire_atom after its last tick. A tick that finds its
/// account busy (its flag in run_control::busy) is counted as skipped here,
/// without a message; the count goes to the stats actor every second and at
/// the end. A blocking actor on a thread of its own that sleeps until the
/// earliest due tick or the next message: a delayed_send per tick would wake
/// CAF's timer thread for each (measured: about 20 us of CPU per tick on two
/// cores). Returns once the run is stopping, after setting
/// run_control::ticker_done.
void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args);

} // namespace throng::actors
