#include "actors/account_actor.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "actors/messages.hpp"

namespace throng::actors {

namespace {

std::int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

violation_report report_of(const account_state& s, const violation& v) {
  violation_report r;
  r.unix_ms = unix_ms();
  r.account = s.index;
  r.account_name = s.name;
  r.account_id = s.id;
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

} // namespace

caf::behavior account_actor(caf::stateful_actor<account_actor_state>* self,
                            account_actor_args args) {
  auto& init = self->state;
  init.acct.emplace(*args.settings, *args.policy, args.index);
  init.pool = std::move(args.pool);
  init.stats = std::move(args.stats);
  init.control = args.control;
  init.busy = &args.control->busy[args.index];
  init.jitter = rng{derive_seed(args.settings->seed ^ 0x6a177e5, args.index)};
  init.control->live_accounts.fetch_add(1, std::memory_order_relaxed);
  self->attach_functor([control = init.control] {
    control->live_accounts.fetch_sub(1, std::memory_order_relaxed);
  });
  self->set_default_handler(caf::drop);
  return {
    [self](tick_atom, std::int64_t due) {
      auto& st = self->state;
      if (st.control->stopping.load(std::memory_order_relaxed))
        return;
      if (st.busy->load(std::memory_order_relaxed)
          || (st.failures > 0 && http::now_ns() < st.resume_ns)) {
        ++st.skipped;
        return;
      }
      st.in_flight = st.acct->plan();
      st.busy->store(true, std::memory_order_relaxed);
      st.control->in_flight.fetch_add(1, std::memory_order_relaxed);
      pool_request req;
      req.req = std::move(st.in_flight.req);
      req.op = st.in_flight.op;
      req.intended_ns = due;
      req.shard = st.acct->state().shard;
      req.skipped_ticks = std::exchange(st.skipped, 0);
      req.expect_not_found = st.in_flight.op == protocol::operation::read_note
                             && st.acct->state().find(st.in_flight.note_id) == nullptr;
      self->send(st.pool, std::move(req));
    },
    [self](pool_response& r) {
      auto& st = self->state;
      if (!st.busy->load(std::memory_order_relaxed))
        return;
      st.busy->store(false, std::memory_order_relaxed);
      st.control->in_flight.fetch_sub(1, std::memory_order_relaxed);
      auto out = st.acct->apply(st.in_flight, r.resp);
      if (http::service_failed(r.resp) || out.protocol_error) {
        ++st.failures;
        auto cap = std::min(backoff_max_ns,
                            backoff_base_ns << std::min<std::uint32_t>(st.failures, 7));
        st.resume_ns = http::now_ns()
                       + static_cast<std::int64_t>(st.jitter.uniform()
                                                   * static_cast<double>(cap));
      } else {
        st.failures = 0;
      }
      for (auto& v : out.violations)
        self->send(st.stats, report_of(st.acct->state(), v));
      if (out.protocol_error) {
        auto shard = r.resp.shard.empty() ? st.acct->state().shard : r.resp.shard;
        self->send(st.stats, protocol_error_report{st.in_flight.op, std::move(shard)});
      }
    },
  };
}

} // namespace throng::actors
