#pragma once

// The client pool the accounts of a run send through: each request goes
// from the account's thread straight to the pool, and its answer from the
// pool's I/O thread straight back to the account, counted on the way.

#include <atomic>
#include <memory>

#include <caf/actor.hpp>

#include "actors/pool_figures.hpp"
#include "actors/pool_request.hpp"
#include "actors/run_control.hpp"
#include "http/client_pool.hpp"
#include "stats/shard_names.hpp"

namespace throng::actors {

/// One http::client_pool as the accounts of a run use it. An account
/// submits its request from its own thread; on the pool's I/O thread the
/// answer is classified once (model::read_answer), its X-Shard named by the
/// run's shard_names, counted into the pool's figures (unless it belongs to
/// the seed-data phase) and sent to the account as a pool_response, which
/// an account scheduled on that thread handles at once. Never
/// resends a request. The figures go to the stats actor when flush() or
/// drain() says so (a pool_flusher_actor does).
///
/// Once drain() has begun, the run is over: an answer still to come, and a
/// request submitted from then on, is dropped, neither counted nor
/// answered, as an abandoned request. Thread-safe. Owned by the run's
/// set-up, which outlives every actor that submits to it; `control` and
/// `shards` must outlive it.
class metered_pool {
public:
  metered_pool(std::unique_ptr<http::client_pool> pool, const run_control& control,
               stats::shard_names& shards);

  /// Stops the pool, dropping its answers still to come, unless drain()
  /// did.
  ~metered_pool();

  metered_pool(const metered_pool&) = delete;
  metered_pool& operator=(const metered_pool&) = delete;

  /// Sends `r` and sends `account` a pool_response with its answer (or
  /// failure), from the pool's I/O thread.
  void submit(pool_request r, caf::actor account);

  /// Has the pool's I/O thread send `stats` the figures counted since the
  /// last flush, as a stats_delta (nothing when none was counted). Does
  /// nothing once drain() has begun.
  void flush(const caf::actor& stats);

  /// Ends the pool: drops the answers still to come, stops the pool (its
  /// I/O thread joined) and sends `stats` its last figures from the calling
  /// thread. Idempotent: only the first call sends; not from a callback of
  /// the pool.
  void drain(const caf::actor& stats);

private:
  // Classifies, counts and hands back to `account` the answer to `r`.
  void answered(const pool_request& r, http::response resp, const caf::actor& account);

  std::atomic<bool> draining_{false};
  stats::shard_names& shards_;
  pool_figures figures_; // the I/O thread's until drain() has stopped the pool
  // Last: stops (and joins its thread) before the figures go.
  std::unique_ptr<http::client_pool> pool_;
};

} // namespace throng::actors
