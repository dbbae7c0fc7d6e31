#pragma once

// The pool flusher actor: sends a metered pool's figures to the stats actor
// every second, and drains the pool at the end of the run.

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/metered_pool.hpp"

namespace throng::actors {

/// The state of a pool flusher: its pool and where the figures go.
struct pool_flusher_state {
  metered_pool* pool = nullptr;
  caf::actor stats;
  bool drained = false;
  static inline const char* name = "throng.pool_flusher";
};

/// A pool flusher: it has `pool` (owned by the run's set-up, which outlives
/// the actor) send its figures to `stats` every second. Sent drain_atom, it
/// drains the pool (metered_pool::drain(): later answers are dropped, the
/// pool stops, the last figures go to `stats`) and answers ok_atom; it
/// drains it too when it exits without having done so. It carries no
/// request: accounts submit to the pool directly.
caf::behavior pool_flusher_actor(caf::stateful_actor<pool_flusher_state>* self,
                                 metered_pool* pool, caf::actor stats);

} // namespace throng::actors
