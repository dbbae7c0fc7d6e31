#pragma once

// The account actor: runs one account's logic as a CAF actor, submits its
// requests to its metered pool, and backs off after failures.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/stateful_actor.hpp>

#include "model/account.hpp"
#include "actors/messages.hpp"
#include "actors/metered_pool.hpp"
#include "actors/run_control.hpp"
#include "model/think_time.hpp"
#include "model/tick_inbox.hpp"

namespace throng::actors {

/// What the account actors of one population on one pool share: kept once
/// (by the run's set-up, which owns it and everything it points to, and
/// which outlives the actors), not in each of a million accounts.
struct account_context {
  const model::account_settings* settings = nullptr;
  const model::behaviour* policy = nullptr;
  run_control* control = nullptr;
  /// The pool the accounts submit to.
  metered_pool* pool = nullptr;
  /// The name of the accounts' population, for their violation reports.
  const std::string* population = nullptr;
  /// The closed model: each account paces itself, pausing this long after
  /// each answer; nullptr for the open model, where the ticker paces it.
  const model::think_time* closed_think = nullptr;
  /// Where each operation sent is recorded, or nullptr (the usual case).
  operation_record* record = nullptr;
  /// Seed-data phase: an account gives up once the crowd's failed requests
  /// (run_control::seed_errors) exceed this.
  std::uint64_t seed_max_errors = 0;
  /// The stats actor, which gets the accounts' violation reports: a weak
  /// reference, since the set-up outlives the actor system.
  caf::actor_addr stats;
};

/// What an account actor is started with.
struct account_actor_args {
  /// Owned by the run's set-up; outlives the actor.
  const account_context* context = nullptr;
  std::uint32_t index = 0;
  /// The open model: the account's ticks, owned by the run's set-up (which
  /// outlives the actor and the ticker); nullptr in the closed model.
  model::tick_inbox* inbox = nullptr;
};

/// An account's seed-data phase: whom to answer, and the figures.
struct account_seeding {
  caf::actor caller;
  seed_report report;
};

/// The state of an account actor: the account's logic and state, and the
/// bookkeeping of its ticks.
struct account_actor_state {
  account_actor_state() = default;
  account_actor_state(const account_actor_state&) = delete;
  account_actor_state& operator=(const account_actor_state&) = delete;
  /// Counts the account out of run_control::live_accounts: CAF destroys
  /// the state as the actor terminates (cheaper than an attached functor,
  /// which would cost each account a heap object).
  ~account_actor_state() {
    if (ctx != nullptr)
      ctx->control->live_accounts.fetch_sub(1, std::memory_order_relaxed);
  }

  std::optional<model::account> acct;
  const account_context* ctx = nullptr;
  /// Set during the seed-data phase only: whom to answer, and the figures.
  std::unique_ptr<account_seeding> seeding;
  model::tick_inbox* inbox = nullptr; // open model: ticks due and not yet sent
  std::int64_t resume_ns = 0;  // backing off until then
  std::int64_t last_due_ns = 0; // the intended start of the last request
  model::rng jitter{0};
  std::uint32_t failures = 0;  // failed requests in a row
  bool busy = false;           // a request is in flight
  bool retiring = false;       // removed from the run: stop after the answer
  /// The request in flight (busy), kept apart so that an idle account does
  /// not hold one.
  std::unique_ptr<model::planned_request> in_flight;
  static inline const char* name = "throng.account";
};

/// A simulated account. Sent seed_atom (before the measured run), it signs
/// up and creates its seed notes one request at a time (account::plan_seed),
/// backing off after each failure and giving up once the crowd's failures
/// exceed `seed_max_errors`, and answers the sender with a seed_report;
/// those requests are not counted in the run's figures.
///
/// In the open model the ticker puts the account's ticks in its inbox
/// (tick_inbox) and wakes it, with `(tick_atom)`, only when it listens: free
/// and with nothing to send. The account sends its ticks one request at a
/// time: the earliest at once when it is woken, the next as soon as the
/// answer is applied, each measured from its own due time (as wrk2 catches
/// up after a stall). A tick that finds a request in flight waits in the
/// inbox without a message; one that finds the account backing off wakes
/// it, and the first after the backoff starts draining the inbox. A tick
/// the behaviour idles on is used up and sends nothing. Each tick is taken
/// off run_control::tick_backlog when it is used; what is left when the run
/// stops is never sent (an account that leaves the run moves its inbox's
/// ticks to run_control::ticks_abandoned).
///
/// In the closed model (`closed_think` set) it ticks itself from start_atom
/// on: it sends a request, waits for the answer, pauses for its think time
/// and sends the next; latency then counts from the end of the pause, and
/// a behaviour that idles sends nothing. In both, a chained step sends the
/// next request as soon as the answer is applied (latency from then),
/// unless the run is stopping or the account retiring.
///
/// After a request that failed (no answer, a 5xx or a malformed answer) the
/// account backs off for a random time up to 50 ms * 2^failures (at most
/// 5 s, "full jitter"), so that a crowd does not hammer a failing service
/// in step. Each answer is applied and checked; violations (with the
/// population's name) and malformed answers go to the stats actor. An
/// account removed from the run (retire_atom, after its last tick) stops at
/// once, or once the answer to its request in flight has been applied.
caf::behavior account_actor(caf::stateful_actor<account_actor_state>* self,
                            account_actor_args args);

} // namespace throng::actors
