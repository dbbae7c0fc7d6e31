#pragma once

// The worker node: the actor a `throng worker` publishes. It takes orders only
// from a coordinator that proved it holds the shared secret, hands the share
// it is given to the worker's main thread, and sends the run's figures on to
// the coordinator.

#include <atomic>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>
#include <caf/stateful_actor.hpp>

#include "fleet/worker_messages.hpp"

namespace throng::fleet {

/// What a worker node is started with. `interrupt` (the running share's
/// count of stops), `signals` (the process's) and `log` belong to the
/// caller and outlive the actor; `on_share` is called on the actor's thread
/// with each share accepted.
struct worker_node_args {
  std::string secret;
  std::string version; // this build's
  std::atomic<int>* interrupt = nullptr;
  const std::atomic<int>* signals = nullptr;
  std::ostream* log = nullptr;
  std::function<void(worker_share)> on_share;
  std::function<void(worker_control)> on_control; // likewise, each control order
};

/// The state of a worker node: the handshakes under way, by peer, and the
/// coordinator it works for, if any.
struct worker_node_state {
  struct pending {
    std::string their_nonce;
    std::string own_nonce;
  };
  worker_node_args args;
  std::map<caf::actor_addr, pending> handshakes;
  caf::actor coordinator; // the link that proved it holds the secret
  std::string token;      // its session's
  bool busy = false;      // a share is running
  static inline const char* name = "throng.worker_node";
};

/// The worker node. The handshake (worker_messages.hpp): a fleet_hello of
/// another build is refused naming both versions; otherwise it answers
/// with a fleet_challenge carrying its own proof, and a fleet_proof that
/// holds makes the sender its coordinator, whose orders (worker_share,
/// halt_atom) must carry the session's token. A share while another runs,
/// a wrong proof or token, and a proof without a hello are refused; each
/// refusal is logged with the peer's address. At most 64 handshakes are
/// kept open (one is dropped to make room), so peers cannot grow it.
///
/// While a share runs it hands the coordinator's control orders
/// (worker_control, with the token) to `on_control`, and forwards what the
/// run relays from this process: its stats actor's figures, violations,
/// indeterminate counts and gauges, its crowd (worker_crowd);
/// and worker_done, which the main thread sends when the share is over
/// (answered with ok_atom once the coordinator has it), after which it
/// takes the next coordinator. A halt raises `interrupt` by one, as a
/// signal would (twice: no grace), and so do the process's signals
/// (checked every 100 ms); a coordinator that goes away sets it to 2, so
/// the crowd stops within a few seconds.
caf::behavior worker_node(caf::stateful_actor<worker_node_state>* self,
                          worker_node_args args);

} // namespace throng::fleet
