#pragma once

// The messages actors exchange, with an `inspect` overload each so that they
// can cross process boundaries in a later distributed mode. Atoms follow CAF
// 0.17: at most 10 characters.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/detail/scope_guard.hpp>
#include <caf/meta/type_name.hpp>

#include "model/answer.hpp"
#include "model/tick_inbox.hpp"
#include "model/tick_schedule.hpp"
#include "protocol/operation.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

/// An account's tick. The ticker puts an open-model account's ticks in its
/// tick_inbox and wakes it with (tick_atom) when it listens; a closed-model
/// account sends itself (tick_atom, due_ns).
using tick_atom = caf::atom_constant<caf::atom("tick")>;
/// A producer of figures should send what it has to the stats actor.
using flush_atom = caf::atom_constant<caf::atom("flush")>;
/// A pool flusher should drain its pool (stop its connections, send its last
/// figures); it answers with ok_atom when they are on their way.
using drain_atom = caf::atom_constant<caf::atom("drain")>;
/// Asks the stats actor for the run's totals (answers with a stats_delta).
using totals_atom = caf::atom_constant<caf::atom("totals")>;
/// The ticker tells an account that was removed from the run that no tick
/// follows: it stops once its request in flight (if any) is answered.
using retire_atom = caf::atom_constant<caf::atom("retire")>;
/// Sets the ticker's total rate, as (rate_atom, rpm).
using rate_atom = caf::atom_constant<caf::atom("rate")>;
/// The run coordinator asks an account to create its seed data; the account
/// answers with a seed_report when done or when it gives up.
using seed_atom = caf::atom_constant<caf::atom("seed")>;
/// An account of the seed-data phase goes on after backing off.
using reseed_atom = caf::atom_constant<caf::atom("reseed")>;
/// Closed model: the account starts pacing itself.
using start_atom = caf::atom_constant<caf::atom("start")>;
/// An account tells the stats actor, as (indeterm_atom, n), that n of its
/// notes, names or sets of notes became indeterminate.
using indeterm_atom = caf::atom_constant<caf::atom("indeterm")>;
/// A worker's stats actor sends its relay, as (gauges_atom, live accounts,
/// tick backlog, ticks abandoned), the gauges of its share of the run.
using gauges_atom = caf::atom_constant<caf::atom("gauges")>;

/// Accounts join the ticker's schedule: `accounts[i]` is account number
/// `first_index + i`, its ticks going to `(*inboxes)[first_index + i]`
/// (the inboxes of every account of the run, owned by its set-up), its
/// intervals shaped by `shapes[i]` (all fixed when `shapes` is empty).
/// Local only: the inboxes are a pointer, left out of inspect().
struct ticker_join {
  std::vector<caf::actor> accounts;
  std::deque<model::tick_inbox>* inboxes = nullptr;
  std::uint32_t first_index = 0;
  std::vector<model::tick_shape> shapes;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, ticker_join& x) {
    return f(caf::meta::type_name("ticker_join"), x.accounts, x.first_index, x.shapes);
  }
};

/// Accounts leave the ticker's schedule (by index); each gets a retire_atom
/// after its last tick.
struct ticker_leave {
  std::vector<std::uint32_t> indices;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, ticker_leave& x) {
    return f(caf::meta::type_name("ticker_leave"), x.indices);
  }
};

/// What one account's seed-data phase did.
struct seed_report {
  std::uint64_t notes = 0;   // notes created (acknowledged)
  std::uint64_t errors = 0;  // requests that failed (5xx, no answer)
  std::uint64_t retries = 0; // backed off and went on after a failure
  bool gave_up = false;      // the run's error budget was spent
  std::string last_error;    // "POST /v1/accounts/{aid}/notes answered 503", or empty

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, seed_report& x) {
    return f(caf::meta::type_name("seed_report"), x.notes, x.errors, x.retries, x.gave_up,
             x.last_error);
  }
};

/// A metered pool hands an answer (or a failure), classified, back to the
/// account that sent the request.
struct pool_response {
  model::answer resp;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, pool_response& x) {
    auto& a = x.resp;
    return f(caf::meta::type_name("pool_response"), a.result, a.error, a.status,
             a.shard, a.body, a.sent_ns, a.received_ns);
  }
};

/// Figures a producer gathered since its last flush.
struct stats_delta {
  stats::run_stats figures;
  stats::time_series series;

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, stats_delta& x) {
    return f(caf::meta::type_name("stats_delta"), x.figures, x.series);
  }
};

/// A consistency violation, as an account reports it to the stats actor.
struct violation_report {
  std::int64_t unix_ms = 0;
  std::uint32_t account = 0;
  std::string account_name;
  std::string account_id;
  std::string population; // the name of the account's population
  model::violation_class kind = model::violation_class::corrupt_content;
  protocol::operation op = protocol::operation::read_note;
  std::string note_id;
  std::vector<std::string> expected; // hex SHA-256 of acceptable contents
  std::string received;              // hex SHA-256 served, or empty
  int status = 0;
  std::string shard;
  std::string worker; // a distributed run: the worker that ran the account ("host:port")

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, violation_report& x) {
    return f(caf::meta::type_name("violation_report"), x.unix_ms, x.account,
             x.account_name, x.account_id, x.population, x.kind, x.op, x.note_id, x.expected,
             x.received, x.status, x.shard, x.worker);
  }
};

} // namespace throng::actors

namespace throng::model {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, listed_note& x) {
  return f(caf::meta::type_name("listed_note"), x.id, x.content);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, answer_body& x) {
  return f(caf::meta::type_name("answer_body"), x.id, x.token, x.name, x.content,
           x.notes);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, tick_shape& x) {
  return f(caf::meta::type_name("tick_shape"), x.how, x.low, x.high, x.own_ns);
}

/// An optional error kind, as CAF 0.17 inspects its own optional: a flag,
/// then the value when there is one.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, std::optional<error_kind>& x) {
  bool set = x.has_value();
  auto kind = x.value_or(error_kind::connect);
  if constexpr (Inspector::reads_state) {
    return f(set, kind);
  } else {
    auto guard = caf::detail::make_scope_guard([&] {
      x = set ? std::optional{kind} : std::nullopt;
    });
    return f(set, kind);
  }
}

} // namespace throng::model

namespace throng::stats {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, op_stats& x) {
  return f(caf::meta::type_name("op_stats"), x.count, x.errors, x.latency_us,
           x.service_us);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shard_stats& x) {
  return f(caf::meta::type_name("shard_stats"), x.note_reads, x.note_writes,
           x.errors, x.violations);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, run_stats& x) {
  return f(caf::meta::type_name("run_stats"), x.ops, x.categories, x.errors,
           x.violations, x.shards, x.by_class, x.violation_cells, x.failures, x.total,
           x.ok, x.failed, x.unknown_outcome, x.skipped_ticks, x.indeterminate,
           x.tick_lateness_us);
}

} // namespace throng::stats
