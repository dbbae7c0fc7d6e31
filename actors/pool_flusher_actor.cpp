// The pool flusher actor (pool_flusher_actor.hpp).

#include "actors/pool_flusher_actor.hpp"

#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

namespace {

constexpr auto flush_interval = std::chrono::seconds(1);

} // namespace

caf::behavior pool_flusher_actor(caf::stateful_actor<pool_flusher_state>* self,
                                 metered_pool* pool, caf::actor stats) {
  self->state.pool = pool;
  self->state.stats = std::move(stats);
  self->set_default_handler(caf::drop);
  // So that no answer of the pool outlives the run's actors.
  self->attach_functor([pool, sink = self->state.stats] { pool->drain(sink); });
  self->delayed_send(self, flush_interval, flush_atom::value);
  return {
    [self](flush_atom) {
      auto& st = self->state;
      if (st.drained)
        return;
      st.pool->flush(st.stats);
      self->delayed_send(self, flush_interval, flush_atom::value);
    },
    [self](drain_atom) {
      auto& st = self->state;
      st.drained = true;
      st.pool->drain(st.stats);
      return caf::ok_atom::value;
    },
  };
}

} // namespace throng::actors
