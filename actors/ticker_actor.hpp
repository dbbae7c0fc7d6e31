#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <caf/actor.hpp>
#include <caf/blocking_actor.hpp>

#include "actors/run_control.hpp"

namespace throng::actors {

/// What a ticker is started with: the accounts it ticks, with the first
/// tick of each (its random phase), and the interval between two ticks of
/// one account.
struct ticker_args {
  std::vector<caf::actor> accounts;
  std::vector<std::int64_t> first_due_ns;
  std::int64_t interval_ns = 0;
  run_control* control = nullptr;
  caf::actor stats;
};

/// The accounts' clock: sends each account `(tick_atom, due_ns)` at its own
/// times (its phase, then every interval), keeping every account's schedule
/// in one tick_schedule. A tick that finds its account busy (its flag in
/// run_control::busy) is counted as skipped here, without a message; the
/// count goes to the stats actor every second and at the end. A blocking
/// actor on a thread of its own that sleeps until the earliest due tick: a
/// delayed_send per tick would wake CAF's timer thread for each (measured:
/// about 20 us of CPU per tick on two cores). Returns once the run is
/// stopping, after setting run_control::ticker_done.
void ticker_actor(caf::blocking_actor* self, std::shared_ptr<ticker_args> args);

} // namespace throng::actors
