// The worker node (worker_node.hpp).

#include "fleet/worker_node.hpp"

#include <chrono>
#include <ostream>
#include <utility>

#include <caf/actor_proxy.hpp>
#include <caf/all.hpp>
#include <caf/io/middleman.hpp>

#include "protocol/peer_challenge.hpp"

namespace throng::fleet {

namespace {

using self_pointer = caf::stateful_actor<worker_node_state>*;

constexpr std::size_t max_handshakes = 64;

/// The node checks the process's signals.
using poll_atom = caf::atom_constant<caf::atom("poll")>;
constexpr auto poll_interval = std::chrono::milliseconds(100);

/// Returns whether the current message comes from this process (the
/// share's stats actor, in the run's actor system, or the main thread), not
/// through the network, where every sender is a proxy.
bool local(self_pointer self) {
  const auto& sender = self->current_sender();
  return !sender || dynamic_cast<caf::actor_proxy*>(sender->get()) == nullptr;
}

/// Logs that the worker refused the current sender, with its address once
/// the middleman has told it.
void log_refusal(self_pointer self, const std::string& why) {
  auto* log = self->state.args.log;
  const auto sender = self->current_sender();
  if (local(self)) {
    *log << "throng worker: refused a local actor: " << why << std::endl;
    return;
  }
  auto mm = self->home_system().middleman().actor_handle();
  self->request(mm, std::chrono::seconds(5), caf::get_atom::value, sender->node())
    .then(
      [log, why](const caf::node_id&, const std::string& host, std::uint16_t port) {
        *log << "throng worker: refused " << host << ':' << port << ": " << why
             << std::endl;
      },
      [log, why](const caf::error&) {
        *log << "throng worker: refused a peer (address unknown): " << why << std::endl;
      });
}

fleet_challenge on_hello(self_pointer self, fleet_hello& h) {
  auto& st = self->state;
  fleet_challenge c;
  c.version = st.args.version;
  if (h.version != st.args.version) {
    c.refusal = "version skew: the coordinator is throng " + h.version.substr(0, 64)
                + ", this worker is throng " + st.args.version;
    log_refusal(self, c.refusal);
    return c;
  }
  if (!protocol::nonce_valid(h.nonce)) {
    c.refusal = "the coordinator's nonce is malformed";
    log_refusal(self, c.refusal);
    return c;
  }
  if (st.handshakes.size() >= max_handshakes)
    st.handshakes.erase(st.handshakes.begin());
  auto own = protocol::make_nonce();
  c.nonce = own;
  c.proof = protocol::challenge_proof(st.args.secret, protocol::worker_role, h.nonce, own);
  st.handshakes[caf::actor_cast<caf::actor_addr>(self->current_sender())] = {h.nonce,
                                                                             std::move(own)};
  return c;
}

fleet_refusal on_proof(self_pointer self, fleet_proof& p) {
  auto& st = self->state;
  const auto from = caf::actor_cast<caf::actor_addr>(self->current_sender());
  auto it = st.handshakes.find(from);
  if (it == st.handshakes.end()) {
    log_refusal(self, "a proof without a hello");
    return {"no handshake under way"};
  }
  const auto nonces = std::move(it->second);
  st.handshakes.erase(it);
  const auto expected = protocol::challenge_proof(st.args.secret, protocol::coordinator_role,
                                                  nonces.own_nonce, nonces.their_nonce);
  if (!protocol::proof_matches(expected, p.proof)) {
    log_refusal(self, "the coordinator does not hold this worker's secret");
    return {"wrong secret"};
  }
  if (st.busy) {
    log_refusal(self, "busy with another coordinator's run");
    return {"the worker is busy with another run"};
  }
  if (st.coordinator)
    self->demonitor(st.coordinator);
  st.coordinator = caf::actor_cast<caf::actor>(self->current_sender());
  st.token = protocol::challenge_proof(st.args.secret, protocol::session_role,
                                       nonces.their_nonce, nonces.own_nonce);
  self->monitor(st.coordinator);
  return {};
}

/// Returns whether the current message comes from the coordinator, with
/// its session's token.
bool from_coordinator(self_pointer self, const std::string& token) {
  auto& st = self->state;
  return st.coordinator
         && caf::actor_cast<caf::actor_addr>(self->current_sender()) == st.coordinator.address()
         && protocol::proof_matches(st.token, token);
}

/// Forwards a figure the run relays to the coordinator.
template <class... Ts>
void forward(self_pointer self, Ts&&... xs) {
  auto& st = self->state;
  if (local(self) && st.busy && st.coordinator)
    self->send(st.coordinator, std::forward<Ts>(xs)...);
}

/// Stops the crowd when its coordinator goes away.
void on_down(self_pointer self, const caf::down_msg& dm) {
  auto& st = self->state;
  if (dm.source != st.coordinator.address())
    return;
  if (st.busy) {
    *st.args.log << "throng worker: the coordinator went away; stopping the crowd"
                 << std::endl;
    st.args.interrupt->store(2);
  }
  st.coordinator = caf::actor{};
  st.token.clear();
}

} // namespace

caf::behavior worker_node(caf::stateful_actor<worker_node_state>* self,
                          worker_node_args args) {
  self->state.args = std::move(args);
  self->set_default_handler(caf::drop);
  self->delayed_send(self, poll_interval, poll_atom::value);
  self->set_down_handler([self](caf::down_msg& dm) { on_down(self, dm); });
  return {
    [self](fleet_hello& h) { return on_hello(self, h); },
    [self](fleet_proof& p) { return on_proof(self, p); },
    [self](worker_share& s) -> fleet_refusal {
      auto& st = self->state;
      if (!from_coordinator(self, s.token)) {
        log_refusal(self, "an order without the session's token");
        return {"not this worker's coordinator"};
      }
      if (st.busy)
        return {"the worker is busy with another run"};
      st.busy = true;
      st.args.interrupt->store(0);
      st.args.on_share(std::move(s));
      return {};
    },
    [self](halt_atom, worker_order& o) {
      auto& st = self->state;
      if (!from_coordinator(self, o.token)) {
        log_refusal(self, "an order without the session's token");
        return;
      }
      if (st.busy)
        st.args.interrupt->fetch_add(1);
    },
    [self](worker_control& c) {
      auto& st = self->state;
      if (!from_coordinator(self, c.token)) {
        log_refusal(self, "an order without the session's token");
        return;
      }
      if (st.busy)
        st.args.on_control(std::move(c));
    },
    [self](worker_crowd& c) { forward(self, std::move(c)); },
    [self](actors::stats_delta& d) { forward(self, std::move(d)); },
    [self](actors::violation_report& v) { forward(self, std::move(v)); },
    [self](actors::indeterm_atom a, std::uint64_t n) { forward(self, a, n); },
    [self](actors::gauges_atom a, std::uint64_t live, std::int64_t backlog,
           std::uint64_t abandoned) { forward(self, a, live, backlog, abandoned); },
    [self](worker_done& d) {
      auto& st = self->state;
      auto rp = self->make_response_promise();
      if (!local(self)) {
        rp.deliver(caf::make_error(caf::sec::unexpected_message));
        return rp;
      }
      const bool tell = st.busy && st.coordinator;
      st.busy = false;
      if (!tell) {
        rp.deliver(caf::ok_atom::value);
        return rp;
      }
      self->request(st.coordinator, std::chrono::seconds(10), std::move(d))
        .then([rp](caf::ok_atom) mutable { rp.deliver(caf::ok_atom::value); },
              [rp](caf::error& e) mutable { rp.deliver(std::move(e)); });
      return rp;
    },
    [self](poll_atom) {
      auto& st = self->state;
      const int signals = st.args.signals->load();
      if (st.busy && signals > st.args.interrupt->load())
        st.args.interrupt->store(signals);
      self->delayed_send(self, poll_interval, poll_atom::value);
    },
  };
}

} // namespace throng::fleet
