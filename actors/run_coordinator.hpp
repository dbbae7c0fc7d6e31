#pragma once

// The run coordinator: the actor that takes a run from its set-up to its
// result (the crowd, the seed-data phase, the load shape, the control API,
// the drain), driven by its own timers.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/response_promise.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/crowd.hpp"
#include "config/load_shape.hpp"
#include "actors/run_drain.hpp"
#include "actors/run_result.hpp"
#include "actors/run_setup.hpp"
#include "actors/run_steering.hpp"
#include "actors/seed_phase.hpp"

namespace throng::actors {

/// Asks the run coordinator to carry out its run; it answers ok_atom once
/// the run_result is filled in and every other actor of the run is ended
/// or ending.
using run_atom = caf::atom_constant<caf::atom("run")>;

/// What a run coordinator is started with; the caller owns each and keeps
/// it until the coordinator has answered.
struct run_coordinator_args {
  run_setup* setup = nullptr;
  const std::atomic<int>* interrupt = nullptr; // a count of signals
  std::ostream* log = nullptr;                 // the run's messages
  run_result* result = nullptr;                // filled in before the answer
};

/// The state of a run coordinator: where the run is, the actors it
/// spawned, and the parts that carry out each phase.
struct run_coordinator_state {
  enum class phase : std::uint8_t { idle, seeding, running, draining };
  using clock = std::chrono::steady_clock;

  run_coordinator_args args;
  phase at = phase::idle;
  caf::response_promise done; // the answer to run_atom
  caf::actor stats;
  std::vector<caf::actor> pools;
  std::optional<config::load_shape> shape;
  std::optional<crowd> members;
  std::optional<seed_phase> seeding;
  std::vector<caf::actor> seeders; // the accounts of the seed-data phase
  clock::time_point seed_began;
  std::optional<run_steering> steering;
  clock::time_point start;     // of the measured run
  clock::time_point next_step; // when the load shape's next step is due
  std::optional<run_drain> drain;
  static inline const char* name = "throng.run_coordinator";
};

/// The run coordinator: sent run_atom, it carries out one run on the
/// actors it spawns from `setup` and answers ok_atom when `result` holds
/// what the run measured. In turn:
///
/// - it spawns the stats actor and the pool flushers, and the crowd's
///   first accounts (crowd);
/// - with seed data to make, it has them make it, a batch at a time
///   (seed_phase): the seed-data phase, whose figures go to
///   run_result::seed; a phase that gave up ends the run (run_result::
///   failure);
/// - the measured run: it spawns the ticker and steers the crowd along the
///   load shape, a step every 100 ms, and as the control API asks
///   (run_steering), until the duration is over, `interrupt` becomes
///   non-zero (checked at each step) or the control API stops the run;
/// - the drain (run_drain), after which it fills in the result and quits.
///
/// Meant to be spawned detached: it then has a thread of its own, as has
/// the caller of run_options::on_step, which it calls after each step.
/// Failures during the run are counted in the result, never fatal.
caf::behavior run_coordinator(caf::stateful_actor<run_coordinator_state>* self,
                              run_coordinator_args args);

} // namespace throng::actors
