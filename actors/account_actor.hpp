#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/account.hpp"
#include "actors/run_control.hpp"

namespace throng::actors {

/// What an account actor is started with. The pointers are owned by the
/// supervisor and outlive the actor.
struct account_actor_args {
  const account_settings* settings = nullptr;
  const behaviour* policy = nullptr;
  run_control* control = nullptr;
  std::uint32_t index = 0;
  caf::actor pool;
  caf::actor stats;
};

/// The state of an account actor: the account's logic and state, and the
/// bookkeeping of its ticks.
struct account_actor_state {
  std::optional<account> acct;
  caf::actor pool;
  caf::actor stats;
  run_control* control = nullptr;
  std::uint64_t skipped = 0;   // ticks skipped since the last request
  std::uint32_t failures = 0;  // failed requests in a row
  std::int64_t resume_ns = 0;  // backing off until then
  rng jitter{0};
  std::atomic<bool>* busy = nullptr; // a request is in flight (run_control)
  planned_request in_flight;
  static inline const char* name = "throng.account";
};

/// A simulated account: on each of its ticks, `(tick_atom, due_ns)` from the
/// ticker, it plans a request and sends it to its client pool worker; a tick
/// that finds a request still in flight, or the account backing off, is
/// counted as skipped. After a request that failed (no answer, a 5xx or a
/// malformed answer) the account backs off for a random time up to
/// 50 ms * 2^failures (at most 5 s, "full jitter"), so that a crowd does not
/// hammer a failing service in step. Each answer is applied and checked;
/// violations and malformed answers go to the stats actor. Latency is
/// measured from the tick's due time.
caf::behavior account_actor(caf::stateful_actor<account_actor_state>* self,
                            account_actor_args args);

} // namespace throng::actors
