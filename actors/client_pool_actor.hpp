#pragma once

// The client pool worker actor: carries accounts' requests over one
// http::client_pool and counts them into figures it flushes to the stats actor.

#include <memory>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/run_control.hpp"
#include "http/client_pool.hpp"
#include "stats/run_stats.hpp"
#include "stats/shard_names.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

/// The figures a client pool worker gathers on its pool's I/O thread; only
/// that thread touches them while the pool runs.
struct pool_figures {
  stats::run_stats stats;
  stats::time_series series;
  const run_control* control = nullptr;
  /// The run's shard names, shared by every worker (owned by the supervisor).
  stats::shard_names* shards = nullptr;
  /// Set while draining: answers no longer count, nor go back to accounts.
  std::atomic<bool> draining{false};
};

/// The state of one HTTP client pool worker: the connections it owns and
/// the figures of the requests they carry. Members are destroyed in reverse
/// order, so the pool (and its thread) stops before the figures go.
struct client_pool_actor_state {
  std::unique_ptr<pool_figures> figures;
  std::unique_ptr<http::client_pool> pool;
  caf::actor stats;
  static inline const char* name = "throng.client_pool";
};

/// What a client pool worker is started with.
struct client_pool_actor_args {
  std::unique_ptr<http::client_pool> pool;
  caf::actor stats;
  const run_control* control = nullptr;
  /// Where X-Shard values become the names they are counted under; owned by
  /// the supervisor and shared by every worker.
  stats::shard_names* shards = nullptr;
};

/// An HTTP client pool worker: accounts send it pool_request messages and
/// get a pool_response back (from the pool's I/O thread, so with no actor
/// hop on the way back), classified once by read_answer() and with its
/// shard named by the run's shard_names. It counts each request into its
/// figures, which it
/// flushes to the stats actor every second and on drain_atom, after which
/// it answers ok_atom and drops (unanswered, uncounted) any request that
/// still comes; it never resends a request.
caf::behavior client_pool_actor(caf::stateful_actor<client_pool_actor_state>* self,
                                std::shared_ptr<client_pool_actor_args> args);

} // namespace throng::actors
