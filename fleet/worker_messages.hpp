#pragma once

// The messages a coordinator and its workers exchange over CAF's middleman:
// the handshake that proves both hold the shared secret, the share of the
// crowd a worker runs, and the figures it sends back. Each has an `inspect`
// overload and is registered by name (fleet_config) on both sides.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/messages.hpp"
#include "stats/histogram.hpp"

namespace throng::fleet {

/// Asks a coordinator's link to connect to its worker and go through the
/// handshake; it answers ok_atom or a fleet_refusal.
using connect_atom = caf::atom_constant<caf::atom("connect")>;
/// Asks a link to send its worker the share it holds.
using begin_atom = caf::atom_constant<caf::atom("begin")>;
/// A coordinator asks its worker to stop its crowd (as one signal would).
using halt_atom = caf::atom_constant<caf::atom("halt")>;

/// The first message of the handshake, coordinator to worker: its build and
/// a fresh nonce.
struct fleet_hello {
  std::string version;
  std::string nonce;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, fleet_hello& x) {
    return f(caf::meta::type_name("fleet_hello"), x.version, x.nonce);
  }
};

/// The worker's answer to fleet_hello: its build, its nonce and its proof
/// that it holds the secret (over both nonces, role "worker"); or, with
/// `refusal` set, why it will not go on (a version skew: then `version` is
/// set and the rest empty).
struct fleet_challenge {
  std::string version;
  std::string nonce;
  std::string proof;
  std::string refusal;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, fleet_challenge& x) {
    return f(caf::meta::type_name("fleet_challenge"), x.version, x.nonce, x.proof,
             x.refusal);
  }
};

/// The coordinator's proof (role "coordinator"), after which the worker
/// takes orders that carry the session token (role "session").
struct fleet_proof {
  std::string proof;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, fleet_proof& x) {
    return f(caf::meta::type_name("fleet_proof"), x.proof);
  }
};

/// A worker's answer to fleet_proof and to an order: empty when it took
/// it, or why it refused, for the user (a wrong secret, a worker busy with
/// another run).
struct fleet_refusal {
  std::string reason;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, fleet_refusal& x) {
    return f(caf::meta::type_name("fleet_refusal"), x.reason);
  }
};

/// One stage of a share's load shape, as load_stage, in plain fields
/// (CAF 0.17 does not inspect std::optional).
struct share_stage {
  std::int64_t duration_ms = 0;
  bool has_accounts = false;
  std::uint64_t accounts = 0;
  bool has_rpm = false;
  double rpm = 0;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, share_stage& x) {
    return f(caf::meta::type_name("share_stage"), x.duration_ms, x.has_accounts,
             x.accounts, x.has_rpm, x.rpm);
  }
};

/// The part of a run one worker carries out: the run's options with its
/// accounts, rate, connections, stages and spawn rate in proportion, its
/// account indexes, and the texts of the scenario and the API profile
/// (parsed again on the worker, by the same build). `token` is the
/// session's, which every order carries.
struct worker_share {
  std::string token;
  std::uint32_t worker = 0; // its number among the run's workers
  std::string target;
  std::string name_prefix;
  std::string scenario_text;
  std::string scenario_label;
  std::string api_text;
  std::string api_label;
  std::uint64_t accounts = 0;
  std::uint64_t run_accounts = 0; // the whole run's, for population_of()
  std::uint32_t first_index = 0;  // the share's accounts at the start
  std::uint32_t later_base = 0;   // accounts added later: later_base + offset
  std::uint32_t later_offset = 0; //   + stride * j
  std::uint32_t later_stride = 1;
  std::uint64_t notes_per_account = 0;
  double rpm = 0;
  std::int64_t duration_ms = 0;
  std::uint64_t connections = 1;
  std::int64_t timeout_ms = 0;
  std::uint64_t max_response_bytes = 0;
  bool insecure = false;
  std::uint64_t seed = 0;
  std::uint64_t content_bytes = 0;
  std::uint64_t seed_notes = 0;
  std::uint64_t seed_batch = 1;
  std::uint64_t seed_max_errors = 0;
  std::int64_t grace_ms = 0;
  std::int64_t connect_wait_ms = 0;
  std::vector<share_stage> stages;
  double spawn_rate = 0;
  bool closed = false;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, worker_share& x) {
    return f(caf::meta::type_name("worker_share"), x.token, x.worker, x.target,
             x.name_prefix, x.scenario_text, x.scenario_label, x.api_text, x.api_label,
             x.accounts, x.run_accounts, x.first_index, x.later_base, x.later_offset,
             x.later_stride, x.notes_per_account, x.rpm, x.duration_ms, x.connections,
             x.timeout_ms, x.max_response_bytes, x.insecure, x.seed, x.content_bytes,
             x.seed_notes, x.seed_batch, x.seed_max_errors, x.grace_ms,
             x.connect_wait_ms, x.stages, x.spawn_rate, x.closed);
  }
};

/// An order to a worker that needs no more than the session token: stop
/// the crowd (halt_atom).
struct worker_order {
  std::string token;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, worker_order& x) {
    return f(caf::meta::type_name("worker_order"), x.token);
  }
};

/// An order of the control API, passed on to a worker with its part:
/// add `n` accounts of the population whose behaviour is `behaviour`,
/// remove `n`, or set the share's rate to `rpm`.
struct worker_control {
  enum class kind : std::uint8_t { add, remove, rate };
  std::string token;
  kind what = kind::add;
  std::uint64_t n = 0;
  std::string behaviour;
  double rpm = 0;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, worker_control& x) {
    return f(caf::meta::type_name("worker_control"), x.token, x.what, x.n, x.behaviour,
             x.rpm);
  }
};

/// A worker's crowd, as its run's control side publishes it (about once a
/// second): what the coordinator's control API adds up over the workers.
struct worker_crowd {
  std::uint64_t accounts = 0;
  std::int64_t running = 0;
  std::map<std::string, std::uint64_t> by_population;
  std::map<std::string, std::uint64_t> by_behaviour;
  double rpm = 0;
  std::uint64_t stage = 0;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, worker_crowd& x) {
    return f(caf::meta::type_name("worker_crowd"), x.accounts, x.running, x.by_population,
             x.by_behaviour, x.rpm, x.stage);
  }
};

/// What a worker says once its share is over, after its last figures: the
/// skipped ticks and the tick lateness its drain counted, its seed-data
/// phase, why it stopped early (exit code 0: it did not), and its own CPU
/// and memory.
struct worker_done {
  std::uint64_t skipped_ticks = 0;
  bool seeded = false;
  std::uint64_t seed_notes = 0;
  std::uint64_t seed_errors = 0;
  std::uint64_t seed_retries = 0;
  double seed_seconds = 0;
  int failure_code = 0;
  std::string failure;
  double duration_s = 0;
  std::uint64_t peak_accounts = 0;
  std::uint64_t final_accounts = 0;
  double cpu_s = 0;
  std::uint64_t max_rss_kb = 0;
  stats::histogram tick_lateness_us; // the ticker's, known once it is gone

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, worker_done& x) {
    return f(caf::meta::type_name("worker_done"), x.skipped_ticks, x.seeded, x.seed_notes,
             x.seed_errors, x.seed_retries, x.seed_seconds, x.failure_code, x.failure,
             x.duration_s, x.peak_accounts, x.final_accounts, x.cpu_s, x.max_rss_kb,
             x.tick_lateness_us);
  }
};

} // namespace throng::fleet
