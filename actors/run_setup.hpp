#pragma once

// The set-up of a run of the crowd: what it needs from the outside world
// (the target, the outputs, the listeners), the objects its actors share,
// and the spawning of those actors.

#include <atomic>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/account_actor.hpp"
#include "model/account.hpp"
#include "model/account_directory.hpp"
#include "model/tick_inbox.hpp"
#include "control/control_api.hpp"
#include "actors/crowd.hpp"
#include "actors/crowd_controls.hpp"
#include "actors/metered_pool.hpp"
#include "stats/metrics_board.hpp"
#include "actors/run_control.hpp"
#include "actors/run_failure.hpp"
#include "actors/run_listeners.hpp"
#include "actors/run_options.hpp"
#include "http/client_pool.hpp"
#include "http/io_thread.hpp"
#include "protocol/operation.hpp"
#include "protocol/result.hpp"
#include "stats/shard_names.hpp"

namespace throng::actors {

/// The set-up of one run: opened before any actor runs, it owns what the
/// run's actors point to (the run_control, the account settings and
/// directory, the populations and the controls, the metrics board, the
/// shard names, the operation record, the client pools the accounts submit
/// to) and the listeners, and it spawns the run's actors from them. It
/// must outlive every actor of the run (the actor system they run in); the
/// options given to open() must outlive it.
/// Not thread-safe: one thread opens it, the run coordinator spawns from it
/// and the caller reads it again once the actors are gone.
class run_setup {
public:
  /// Opens what a run of `o` needs, in order: checks the target URL and
  /// that the violations log can be written, probes the target for
  /// `o.connect_wait` (await_target(), which `interrupt` cuts short),
  /// creates the client pools (one per worker, the connections shared out
  /// among them), makes the populations and starts the /metrics and
  /// control listeners. Returns the first run_failure met: exit code 2 for
  /// a bad target, output path, population or address, 3 when the target
  /// never answered (nothing else is opened then).
  /// The pools run on I/O threads the set-up starts and owns, one pool
  /// each (run_options::client_threads, at most one per connection).
  static protocol::result<std::unique_ptr<run_setup>, run_failure>
  open(const run_options& o, const std::atomic<int>& interrupt);

  run_setup(const run_setup&) = delete;
  run_setup& operator=(const run_setup&) = delete;

  const run_options& options() const noexcept { return opts_; }

  /// Returns the I/O threads the client pools run on, one per pool.
  const std::vector<http::io_thread*>& threads() const noexcept { return threads_; }

  /// Returns the prefix of this run's account names, which no other run
  /// has used (the time and a random part).
  const std::string& name_prefix() const noexcept { return settings_.name_prefix; }

  run_control& control() noexcept { return control_; }
  crowd_controls& controls() noexcept { return controls_; }

  /// Returns the plan of the run's crowd: its populations, accounts, limit
  /// and model, and where its accounts' tick inboxes are made (here).
  crowd_plan plan();

  /// Spawns the stats actor, with the run's status line, violations log
  /// and metrics board.
  caf::actor spawn_stats(caf::actor_system& sys);

  /// Spawns one pool flusher per client pool, which sends the pool's
  /// figures to `stats` and drains it; call once. Each on a thread of its
  /// own: draining waits for the pool's I/O thread, where actors may run.
  std::vector<caf::actor> spawn_pools(caf::actor_system& sys, const caf::actor& stats);

  /// Spawns the ticker at total rate `rpm`.
  caf::actor spawn_ticker(caf::actor_system& sys, double rpm);

  /// Spawns the actor of account number `index` of population `pop`,
  /// submitting to one of the client pools (by index), reporting to
  /// `stats` and, in the open model, taking its ticks from `inbox`.
  caf::actor spawn_account(caf::actor_system& sys, std::uint32_t index,
                           const population_slot& pop, const caf::actor& stats,
                           model::tick_inbox* inbox);

  /// Says once on `log` that the target names more shards than are counted
  /// by name, once it has.
  void warn_of_shards(std::ostream& log);

  /// Returns the operations recorded (run_options::record_operations); call
  /// once the accounts are gone.
  std::map<std::uint32_t, std::vector<protocol::operation>> take_operations() {
    return record_.take();
  }

  /// Stops the listeners (the destructor does it too).
  void close() { listeners_.stop(); }

private:
  run_setup(const run_options& o, std::vector<std::unique_ptr<http::io_thread>> own_threads,
            std::vector<http::io_thread*> threads,
            std::vector<std::unique_ptr<http::client_pool>> pools,
            std::deque<population_slot> populations);

  const account_context& context_of(const population_slot& pop, metered_pool* pool,
                                    const caf::actor& stats);

  const run_options& opts_;
  // Before the pools, so that they stop (and with them the actors' answers)
  // before their threads do.
  std::vector<std::unique_ptr<http::io_thread>> own_threads_;
  std::vector<http::io_thread*> threads_;
  model::account_directory directory_;
  model::account_settings settings_;
  operation_record record_;
  /// What the accounts of each population on each pool share; a deque, so
  /// that the accounts' pointers stay valid as it grows.
  std::deque<account_context> contexts_;
  /// The open model's accounts' tick inboxes, by the order they were made;
  /// a deque, so that the accounts' and the ticker's pointers stay valid.
  std::deque<model::tick_inbox> inboxes_;
  run_control control_;
  crowd_controls controls_;
  control::control_api api_{controls_};
  std::vector<const population_slot*> populations_; // the run's, taken before serving
  stats::metrics_board board_;
  stats::shard_names shard_names_;
  // After what the pools point to, so that they stop before it goes.
  std::vector<std::unique_ptr<metered_pool>> pools_;
  bool warned_of_shards_ = false;
  run_listeners listeners_;
};

} // namespace throng::actors
