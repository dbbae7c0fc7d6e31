// The account actor (account_actor.hpp).

#include "actors/account_actor.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"
#include "protocol/digits.hpp"
#include "protocol/routes.hpp"

namespace throng::actors {

namespace {

using self_pointer = caf::stateful_actor<account_actor_state>*;

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

violation_report report_of(const account_actor_state& st, const model::violation& v) {
  const auto& s = st.acct->state();
  violation_report r;
  r.unix_ms = unix_ms();
  r.account = s.index;
  r.account_name = s.name;
  r.account_id = s.id;
  if (st.ctx->population != nullptr)
    r.population = *st.ctx->population;
  r.kind = v.kind;
  r.op = v.op;
  r.note_id = v.note_id;
  for (auto& h : v.expected)
    r.expected.push_back(protocol::to_hex(h));
  if (v.received)
    r.received = protocol::to_hex(*v.received);
  r.status = v.status;
  r.shard = v.shard.empty() ? s.shard : v.shard;
  return r;
}

constexpr std::int64_t backoff_base_ns = 50'000'000;
constexpr std::int64_t backoff_max_ns = 5'000'000'000;
// Closed model: how long an account whose behaviour idles waits before it
// asks again when its think time is shorter, so that an idle account with
// no think time does not spin.
constexpr std::int64_t idle_poll_ns = 50'000'000;

// Closed model: sends the account its next tick, due at `due_ns`.
void tick_at(self_pointer self, std::int64_t due_ns) {
  const auto delay = due_ns - http::now_ns();
  if (delay <= 0)
    self->send(self, tick_atom::value, due_ns);
  else
    self->delayed_send(self, std::chrono::nanoseconds{delay}, tick_atom::value, due_ns);
}

// Closed model: when the next request should go out after an answer
// received at `now_ns`. A paced population counts from the last intended
// start, so time spent waiting for the answer is not added to the pace.
std::int64_t next_due(account_actor_state& st, std::int64_t now_ns) {
  const auto pause = st.ctx->closed_think->next(st.jitter).count();
  if (st.ctx->closed_think->spec().how == model::think_spec::kind::paced)
    return st.last_due_ns + pause;
  return now_ns + pause;
}

// Submits `planned`, meant to go out at `due_ns`, to the account's pool.
void send(self_pointer self, model::planned_request planned, std::int64_t due_ns) {
  auto& st = self->state;
  st.in_flight = std::make_unique<model::planned_request>(std::move(planned));
  if (st.ctx->record != nullptr)
    st.ctx->record->add(st.acct->state().index, st.in_flight->op);
  st.busy = true;
  st.ctx->control->in_flight.fetch_add(1, std::memory_order_relaxed);
  st.last_due_ns = due_ns;
  pool_request req;
  req.req = std::move(st.in_flight->req);
  req.kind = st.in_flight->kind();
  req.intended_ns = due_ns;
  req.shard = st.acct->state().shard;
  req.seed = st.seeding != nullptr;
  st.ctx->pool->submit(std::move(req), caf::actor_cast<caf::actor>(self));
}

// Plans the account's next request, meant to go out at `due_ns`, and sends
// it. Returns false when the behaviour idles.
bool send_next(self_pointer self, std::int64_t due_ns) {
  auto planned = self->state.acct->plan(http::now_ns());
  if (!planned)
    return false;
  send(self, std::move(*planned), due_ns);
  return true;
}

// Open model: sends the request of the earliest tick in the inbox,
// measured from that tick's due time, as wrk2 catches up: one request in
// flight, the next as soon as it is answered. A tick the behaviour idles on
// is used up and the next one tried; with none left the account listens
// for the next. Sends nothing while the run is stopping or the account
// retiring: what is left never goes out.
void send_backlog(self_pointer self) {
  auto& st = self->state;
  if (st.ctx->control->stopping.load(std::memory_order_relaxed) || st.retiring)
    return;
  std::int64_t taken = 0;
  while (auto due = st.inbox->take_or_listen()) {
    ++taken;
    if (send_next(self, *due))
      break;
  }
  st.ctx->control->tick_backlog.fetch_sub(taken, std::memory_order_relaxed);
}

// Open model: the free account sends from its inbox, or, backing off after
// a failure, listens for the next tick to look again.
void go_on(self_pointer self) {
  auto& st = self->state;
  if (st.failures == 0 || http::now_ns() >= st.resume_ns)
    send_backlog(self);
  else
    st.inbox->listen();
}

// Stops the account; the ticks left in its inbox will never be sent.
void leave(self_pointer self) {
  auto& st = self->state;
  if (st.inbox != nullptr) {
    const auto left = st.inbox->clear();
    st.ctx->control->tick_backlog.fetch_sub(static_cast<std::int64_t>(left),
                                       std::memory_order_relaxed);
    st.ctx->control->ticks_abandoned.fetch_add(left, std::memory_order_relaxed);
  }
  self->quit();
}

// Ends the account's seed-data phase: tells the supervisor, and takes any
// tick whose wake-up came meanwhile.
void seed_done(self_pointer self) {
  auto done = std::exchange(self->state.seeding, nullptr);
  self->send(done->caller, std::move(done->report));
  if (self->state.inbox != nullptr)
    go_on(self);
}

// Sends the account's next seed-data request, or ends the phase.
void seed_step(self_pointer self) {
  auto& st = self->state;
  if (st.ctx->control->stopping.load(std::memory_order_relaxed)) {
    seed_done(self);
    return;
  }
  auto planned = st.acct->plan_seed();
  if (!planned) {
    seed_done(self);
    return;
  }
  send(self, std::move(*planned), http::now_ns());
}

// Counts the answer to a seed-data request and goes on, backs off or gives
// up. A request (`op`) the service failed has set the backoff already.
void seed_answered(self_pointer self, protocol::operation op, const model::answer& a) {
  auto& st = self->state;
  auto& seed = st.seeding->report;
  if (!a.service_failed()) {
    if (op == protocol::operation::create_note && a.result == model::outcome::success)
      ++seed.notes;
    seed_step(self);
    return;
  }
  ++seed.errors;
  const auto* api = st.ctx->settings->profile;
  seed.last_error = (api != nullptr ? api->request_line(op) : std::string{protocol::request_line(op)})
                    + " "
                    + model::describe_failure(*a.error, a.status);
  if (st.ctx->control->seed_errors.fetch_add(1, std::memory_order_relaxed) + 1
      > st.ctx->seed_max_errors) {
    seed.gave_up = true;
    seed_done(self);
    return;
  }
  ++seed.retries;
  self->delayed_send(self, std::chrono::nanoseconds{std::max<std::int64_t>(
                             0, st.resume_ns - http::now_ns())},
                     reseed_atom::value);
}

// Closed model: starts pacing at a random phase within one think time,
// so that a crowd started at once does not send in step.
void start_pacing(self_pointer self) {
  auto& st = self->state;
  if (st.ctx->closed_think == nullptr)
    return;
  const auto now = http::now_ns();
  const auto pause = st.ctx->closed_think->next(st.jitter).count();
  st.last_due_ns = now;
  tick_at(self, now + static_cast<std::int64_t>(st.jitter.uniform()
                                               * static_cast<double>(pause)));
}

// Closed model: the account's own tick, due at `due`.
void closed_tick(self_pointer self, std::int64_t due) {
  auto& st = self->state;
  if (st.ctx->control->stopping.load(std::memory_order_relaxed) || st.retiring || st.busy)
    return;
  const auto now = http::now_ns();
  if (st.failures > 0 && now < st.resume_ns) {
    tick_at(self, st.resume_ns);
    return;
  }
  if (!send_next(self, due)) {
    st.last_due_ns = due;
    tick_at(self, std::max(next_due(st, now), now + idle_poll_ns));
  }
}

// Counts the answer `a`, received at `now_ns`, into the run of failures:
// after one the service failed, backs off for a random time up to the cap.
void note_outcome(account_actor_state& st, const model::answer& a, std::int64_t now_ns) {
  if (!a.service_failed()) {
    st.failures = 0;
    return;
  }
  ++st.failures;
  auto cap = std::min(backoff_max_ns, backoff_base_ns << std::min<std::uint32_t>(st.failures, 7));
  st.resume_ns = now_ns + static_cast<std::int64_t>(st.jitter.uniform()
                                                    * static_cast<double>(cap));
}

// Applies the answer to the request in flight, reports what the checker
// found, and goes on: the seed-data phase's next step, leaving the run, a
// chained step, the closed model's next tick or the backlog.
void answered(self_pointer self, const model::answer& a) {
  auto& st = self->state;
  if (!st.busy)
    return;
  st.busy = false;
  st.ctx->control->in_flight.fetch_sub(1, std::memory_order_relaxed);
  const auto done = std::move(st.in_flight);
  auto out = st.acct->apply(*done, a);
  const auto now = http::now_ns();
  note_outcome(st, a, now);
  if (!out.violations.empty() || out.indeterminate > 0) {
    if (auto stats = caf::actor_cast<caf::actor>(st.ctx->stats)) {
      for (auto& v : out.violations)
        self->send(stats, report_of(st, v));
      if (out.indeterminate > 0)
        self->send(stats, indeterm_atom::value, std::uint64_t{out.indeterminate});
    }
  }
  if (st.seeding) {
    seed_answered(self, done->op, a);
    return;
  }
  if (st.retiring) {
    leave(self);
    return;
  }
  if (st.ctx->control->stopping.load(std::memory_order_relaxed))
    return;
  if (done->chain && st.failures == 0 && send_next(self, now))
    return;
  if (st.ctx->closed_think != nullptr)
    tick_at(self, st.failures > 0 ? st.resume_ns : next_due(st, now));
  else
    go_on(self);
}

// Handles start_atom, seed_atom, reseed_atom, retire_atom and the open
// model's wake-up (tick_atom); ignores any other atom.
void on_atom(self_pointer self, caf::atom_value a) {
  auto& st = self->state;
  if (a == start_atom::value) {
    start_pacing(self);
  } else if (a == seed_atom::value) {
    if (!st.seeding)
      st.seeding = std::make_unique<account_seeding>();
    st.seeding->caller = caf::actor_cast<caf::actor>(self->current_sender());
    seed_step(self);
  } else if (a == reseed_atom::value) {
    if (st.seeding)
      seed_step(self);
  } else if (a == tick_atom::value) {
    // Woken for a tick in the inbox: a busy account takes it once answered.
    if (st.inbox != nullptr && !st.busy && !st.seeding)
      go_on(self);
  } else if (a == retire_atom::value) {
    if (st.busy)
      st.retiring = true;
    else
      leave(self);
  }
}

// Sets the actor's state up from `args`; the account counts as live until
// the actor is gone (~account_actor_state).
void init(self_pointer self, account_actor_args& args) {
  auto& st = self->state;
  const auto& c = *args.context;
  st.acct.emplace(*c.settings, *c.policy, args.index);
  st.jitter = model::rng{model::derive_seed(c.settings->seed ^ 0x6a177e5, args.index)};
  st.ctx = &c;
  st.inbox = args.inbox;
  c.control->live_accounts.fetch_add(1, std::memory_order_relaxed);
}

/// A message no one sends: the shared behaviour's only case.
using never_atom = caf::atom_constant<caf::atom("acctnever")>;

// Handles every message of an account actor; drops any other. An actor's
// behaviour captures the actor, so each would cost every one of a million
// accounts a behaviour object of its own (about 200 bytes with 4 handlers):
// instead all accounts share one behaviour that matches nothing, and every
// message comes here, the default handler, which CAF gives the actor.
caf::result<caf::message> dispatch(caf::scheduled_actor* base, caf::message_view& msg) {
  auto* self = static_cast<self_pointer>(base);
  auto& xs = msg.content();
  if (xs.match_elements<pool_response>()) {
    answered(self, xs.get_mutable_as<pool_response>(0).resp);
  } else if (xs.match_elements<caf::atom_value>()) {
    on_atom(self, xs.get_as<caf::atom_value>(0));
  } else if (xs.match_elements<caf::atom_value, std::int64_t>()
             && xs.get_as<caf::atom_value>(0) == tick_atom::value) {
    closed_tick(self, xs.get_as<std::int64_t>(1));
  } else {
    return caf::drop(base, msg);
  }
  return caf::delegated<caf::message>{};
}

// Returns the behaviour all account actors share (dispatch does the work).
// Immutable once made; CAF counts its references atomically.
caf::behavior shared_behavior() {
  static const caf::behavior b{[](never_atom) {}};
  return b;
}

} // namespace

caf::behavior account_actor(caf::stateful_actor<account_actor_state>* self,
                            account_actor_args args) {
  init(self, args);
  self->set_default_handler(dispatch);
  return shared_behavior();
}

} // namespace throng::actors
