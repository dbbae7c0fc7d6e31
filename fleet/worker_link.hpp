#pragma once

// The worker link: the coordinator's actor for one worker of a distributed
// run. It goes through the handshake, hands the worker its share, passes
// what the worker sends on to the run's stats actor, and says when the worker
// is done or lost.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

#include <caf/actor.hpp>
#include <caf/stateful_actor.hpp>

#include "fleet/worker_messages.hpp"
#include "stats/worker_figures.hpp"

namespace throng::fleet {

/// The coordinator's main thread tells a link, as (silent_atom, ms), that
/// its worker has sent nothing for ms milliseconds: it is lost.
using silent_atom = caf::atom_constant<caf::atom("silent")>;

/// What a link tells the coordinator's main thread: its worker finished
/// its share (`done`, with what it said) or was lost (`lost`, with why),
/// with the worker's row of the workers table.
struct link_event {
  std::uint32_t worker = 0;
  bool lost = false;
  std::string reason;
  worker_done done;
  stats::worker_figures row;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, link_event& x) {
    return f(caf::meta::type_name("link_event"), x.worker, x.lost, x.reason, x.done,
             x.row.name, x.row.accounts, x.row.requests, x.row.rate, x.row.cpu_s,
             x.row.max_rss_kb, x.row.tick_lateness_p99_us, x.row.lost, x.row.lost_reason);
  }
};

/// The gauges a link keeps for the main thread, which sums them over the
/// workers; written by the link, read by the main thread (the crowd under
/// the mutex).
struct link_gauges {
  std::atomic<std::uint64_t> live_accounts{0};
  std::atomic<std::int64_t> tick_backlog{0};
  std::atomic<std::uint64_t> ticks_abandoned{0};
  std::atomic<std::int64_t> last_heard_ns{0}; // when the worker last sent anything
  std::mutex mutex;
  worker_crowd crowd; // as the worker last published it
};

/// What a link is started with. `gauges` belongs to the caller and
/// outlives the actor.
struct worker_link_args {
  caf::actor worker; // the worker's node (remote_actor)
  std::string name;  // "host:port"
  std::string secret;
  std::string version; // this build's
  caf::actor stats;    // the run's stats actor
  caf::actor events;   // gets each link_event
  worker_share share;  // without its token, which the handshake gives
  link_gauges* gauges = nullptr;
};

/// The state of a link: the session's token, the worker's figures so far.
struct worker_link_state {
  worker_link_args args;
  std::string nonce; // the coordinator's, for the handshake under way
  bool began = false;
  bool finished = false; // done or lost: said once
  std::uint64_t requests = 0;
  std::int64_t began_ns = 0;
  static inline const char* name = "throng.worker_link";
};

/// The worker link. Sent connect_atom, it goes through the handshake
/// (worker_messages.hpp) and answers a fleet_refusal: empty when the worker
/// took it, else why not (a version skew naming both builds, a worker that
/// does not hold the secret, a refusal of the worker's, no answer within
/// 10 s). Sent begin_atom, it hands over the share and answers the same
/// way. From then on it passes the worker's figures, violations (naming
/// the worker) and indeterminate counts to the stats actor, keeps its
/// gauges, and sends `events` one link_event: done when the worker says so
/// (after its last figures, which CAF delivers in order), lost when the
/// connection goes (a down message). halt_atom from the coordinator asks
/// the worker to stop its crowd, a worker_control passes a control order
/// on (with the token), silent_atom makes it lost. Messages from
/// anyone but the worker, and the worker's once it is done or lost, are
/// dropped.
caf::behavior worker_link(caf::stateful_actor<worker_link_state>* self,
                          worker_link_args args);

} // namespace throng::fleet
