#pragma once

// One whole run of the crowd, as the commands call it: from its options to
// its result (the set-up, then the run coordinator, waited for).

#include <atomic>
#include <cstddef>
#include <iosfwd>
#include <vector>

#include <caf/actor_system_config.hpp>

#include "actors/run_failure.hpp"
#include "actors/run_options.hpp"
#include "actors/run_result.hpp"
#include "http/io_thread.hpp"
#include "protocol/result.hpp"

namespace throng::actors {

/// Sets up the actor system of a run and the message types its actors
/// exchange (a distributed run's nodes add theirs, fleet/): with `threads`
/// 0 and `io_threads`, the actors run on those (io_scheduler); otherwise
/// on `threads` scheduler threads of CAF's own (at least one).
void configure_run_system(caf::actor_system_config& cfg, std::size_t threads,
                          const std::vector<http::io_thread*>& io_threads = {});

/// Runs a crowd of accounts against a notes service: checks that the
/// target answers (retrying for `connect_wait`), starts an actor system and
/// in it the run coordinator (run_coordinator), which spawns the stats
/// actor, the pool flushers, the ticker and one actor per account,
/// lets them run for the duration or until `interrupt` (a count of
/// signals) becomes non-zero, then stops ticking, waits up to `grace` for
/// requests in flight (not at all once `interrupt` reaches 2), drains the
/// pools and collects the totals. Every actor is gone when run() returns.
///
/// Accounts belong to the run's populations (population_of() gives each
/// index its population; each population's behaviour is made through the
/// registry) and share one account_directory. With `seed_notes` set, the
/// first accounts create their notes first (the seed-data phase; its
/// figures go to run_result::seed), and the measured run starts after it.
/// In the open model the ticker paces the accounts; in the closed model
/// each account paces itself with its population's think time.
///
/// The crowd follows the load shape, checked every 100 ms: accounts are
/// spawned and join the ticker's schedule, or the most recently added ones
/// leave it (each stops once its request in flight is answered), and the
/// ticker re-spreads the ticks for the total rate. With `control` set, the
/// control API (control_api) is served there; what it adds or removes
/// shifts the count the shape asks for, and a rate it sets holds for the
/// rest of the run. Each stage change and control request is recorded in
/// run_result::events. With `metrics` set, serves the Prometheus page at
/// http://metrics/metrics while the run goes.
///
/// Errors come back as a run_failure with exit code 2 (a bad output path,
/// metrics or control address, a population whose behaviour cannot be
/// made); a run that stops early (an unreachable target, a seed-data phase
/// that gave up) comes back as a run_result whose `failure` says why, with
/// what it saw. Failures during the run are counted, not fatal. run()
/// blocks; messages for the user (the account limit reached, too many
/// shards, requests left in flight) go to `log`.
class crowd_run {
public:
  explicit crowd_run(run_options opts);

  protocol::result<run_result, run_failure> run(const std::atomic<int>& interrupt,
                                                std::ostream& log);

private:
  run_options opts_;
};

} // namespace throng::actors
