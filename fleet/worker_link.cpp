// The worker link (worker_link.hpp).

#include "fleet/worker_link.hpp"

#include <chrono>
#include <utility>

#include <caf/all.hpp>

#include "http/message.hpp"
#include "protocol/peer_challenge.hpp"

namespace throng::fleet {

namespace {

using self_pointer = caf::stateful_actor<worker_link_state>*;

constexpr auto answer_wait = std::chrono::seconds(10);

/// Returns whether the current message comes from the worker, which has
/// not finished.
bool from_worker(self_pointer self) {
  return !self->state.finished
         && caf::actor_cast<caf::actor_addr>(self->current_sender())
              == self->state.args.worker.address();
}

void heard(self_pointer self) {
  self->state.args.gauges->last_heard_ns.store(http::now_ns(), std::memory_order_relaxed);
}

/// Returns the worker's row of the workers table, so far.
stats::worker_figures row_of(const worker_link_state& st) {
  stats::worker_figures r;
  r.name = st.args.name;
  r.accounts = st.args.share.accounts;
  r.requests = st.requests;
  const double seconds = static_cast<double>(http::now_ns() - st.began_ns) / 1e9;
  r.rate = st.began && seconds > 0 ? static_cast<double>(st.requests) / seconds : 0;
  return r;
}

/// Tells the coordinator, once, that the worker is done or lost.
void finish(self_pointer self, link_event e) {
  auto& st = self->state;
  if (st.finished)
    return;
  st.finished = true;
  e.worker = st.args.share.worker;
  e.row = row_of(st);
  e.row.cpu_s = e.done.cpu_s;
  e.row.max_rss_kb = e.done.max_rss_kb;
  e.row.tick_lateness_p99_us = e.done.tick_lateness_us.percentile(99);
  e.row.lost = e.lost;
  e.row.lost_reason = e.reason;
  self->send(st.args.events, std::move(e));
}

/// The coordinator's side of the handshake, from the worker's challenge:
/// checks its build and proof, then sends its own proof.
void on_challenge(self_pointer self, fleet_challenge& c,
                  caf::response_promise rp) {
  auto& st = self->state;
  if (!c.refusal.empty()) {
    rp.deliver(fleet_refusal{c.refusal});
    return;
  }
  if (c.version != st.args.version) {
    rp.deliver(fleet_refusal{"version skew: this coordinator is throng " + st.args.version
                             + ", the worker is throng " + c.version.substr(0, 64)});
    return;
  }
  if (!protocol::nonce_valid(c.nonce)) {
    rp.deliver(fleet_refusal{"the worker's nonce is malformed"});
    return;
  }
  fleet_proof p{protocol::challenge_proof(st.args.secret, protocol::coordinator_role,
                                          c.nonce, st.nonce)};
  const auto expected =
    protocol::challenge_proof(st.args.secret, protocol::worker_role, st.nonce, c.nonce);
  if (!protocol::proof_matches(expected, c.proof)) {
    // Its proof too, which says nothing of the secret but lets a worker of
    // another secret log the refusal with this node's address.
    self->send(st.args.worker, std::move(p));
    rp.deliver(fleet_refusal{"its proof does not match this coordinator's secret "
                             "(another --secret-file?)"});
    return;
  }
  st.args.share.token =
    protocol::challenge_proof(st.args.secret, protocol::session_role, st.nonce, c.nonce);
  self->request(st.args.worker, answer_wait, std::move(p))
    .then(
      [self, rp](fleet_refusal& r) mutable {
        if (r.reason.empty())
          self->monitor(self->state.args.worker);
        rp.deliver(std::move(r));
      },
      [self, rp](caf::error& e) mutable {
        rp.deliver(fleet_refusal{"no answer to the handshake: " + self->system().render(e)});
      });
}

caf::response_promise connect(self_pointer self) {
  auto& st = self->state;
  auto rp = self->make_response_promise();
  st.nonce = protocol::make_nonce();
  self->request(st.args.worker, answer_wait, fleet_hello{st.args.version, st.nonce})
    .then([self, rp](fleet_challenge& c) { on_challenge(self, c, rp); },
          [self, rp](caf::error& e) mutable {
            rp.deliver(
              fleet_refusal{"no answer to the handshake: " + self->system().render(e)});
          });
  return rp;
}

caf::response_promise begin(self_pointer self) {
  auto& st = self->state;
  auto rp = self->make_response_promise();
  st.began = true;
  st.began_ns = http::now_ns();
  heard(self);
  self->request(st.args.worker, answer_wait, st.args.share)
    .then([rp](fleet_refusal& r) mutable { rp.deliver(std::move(r)); },
          [self, rp](caf::error& e) mutable {
            rp.deliver(fleet_refusal{"no answer to the share: " + self->system().render(e)});
          });
  return rp;
}

/// Passes a control order of the coordinator's on to the worker.
void pass_on(self_pointer self, worker_control& c) {
  auto& st = self->state;
  if (from_worker(self) || !st.began || st.finished)
    return;
  c.token = st.args.share.token;
  self->send(st.args.worker, std::move(c));
}

/// Keeps the crowd the worker published, for the main thread.
void keep(self_pointer self, worker_crowd& c) {
  if (!from_worker(self))
    return;
  heard(self);
  auto& g = *self->state.args.gauges;
  std::lock_guard lock{g.mutex};
  g.crowd = std::move(c);
}

} // namespace

caf::behavior worker_link(caf::stateful_actor<worker_link_state>* self,
                          worker_link_args args) {
  self->state.args = std::move(args);
  self->set_default_handler(caf::drop);
  self->set_down_handler([self](caf::down_msg& dm) {
    if (dm.source != self->state.args.worker.address())
      return;
    link_event e;
    e.lost = true;
    e.reason = dm.reason ? "the connection was lost (" + self->system().render(dm.reason) + ")"
                         : "the worker's node went away";
    finish(self, std::move(e));
  });
  return {
    [self](connect_atom) { return connect(self); },
    [self](begin_atom) { return begin(self); },
    [self](halt_atom) {
      auto& st = self->state;
      if (st.began && !st.finished)
        self->send(st.args.worker, halt_atom::value, worker_order{st.args.share.token});
    },
    [self](worker_control& c) { pass_on(self, c); },
    [self](worker_crowd& c) { keep(self, c); },
    [self](silent_atom, std::int64_t ms) {
      link_event e;
      e.lost = true;
      e.reason = "it sent nothing for " + std::to_string(ms / 1000) + " s";
      finish(self, std::move(e));
    },
    [self](actors::stats_delta& d) {
      if (!from_worker(self))
        return;
      heard(self);
      auto& st = self->state;
      st.requests += d.figures.total;
      self->send(st.args.stats, std::move(d));
    },
    [self](actors::violation_report& v) {
      if (!from_worker(self))
        return;
      heard(self);
      v.worker = self->state.args.name;
      self->send(self->state.args.stats, std::move(v));
    },
    [self](actors::indeterm_atom a, std::uint64_t n) {
      if (!from_worker(self))
        return;
      heard(self);
      self->send(self->state.args.stats, a, n);
    },
    [self](actors::gauges_atom, std::uint64_t live, std::int64_t backlog,
           std::uint64_t abandoned) {
      if (!from_worker(self))
        return;
      heard(self);
      auto& g = *self->state.args.gauges;
      g.live_accounts.store(live, std::memory_order_relaxed);
      g.tick_backlog.store(backlog, std::memory_order_relaxed);
      g.ticks_abandoned.store(abandoned, std::memory_order_relaxed);
    },
    [self](worker_done& d) -> caf::result<caf::ok_atom> {
      if (!from_worker(self))
        return caf::make_error(caf::sec::unexpected_message);
      heard(self);
      link_event e;
      e.done = std::move(d);
      finish(self, std::move(e));
      return caf::ok_atom::value;
    },
  };
}

} // namespace throng::fleet
