#pragma once

// The figures of a run: counts and latency histograms per operation, errors
// by kind, violations by class, traffic per shard. Producers (client pool
// workers, accounts) each fill a run_stats of their own and send it to the
// stats actor, which merges them; merging is exact.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "protocol/operation.hpp"
#include "stats/histogram.hpp"
#include "stats/view_order.hpp"
#include "model/error_kind.hpp"
#include "model/violation_class.hpp"

namespace throng::stats {

/// The figures of one operation.
struct op_stats {
  std::uint64_t count = 0;  // requests that finished, answered or failed
  std::uint64_t errors = 0; // of which failed (any model::error_kind)
  histogram latency_us;     // from the intended send time (the tick)
  histogram service_us;     // from the actual send on a connection

  void merge(const op_stats& other);
};

/// The figures of one storage shard, as named by X-Shard.
struct shard_stats {
  std::uint64_t note_reads = 0;
  std::uint64_t note_writes = 0;
  std::uint64_t errors = 0;
  std::uint64_t violations = 0;

  void merge(const shard_stats& other);
};

/// One finished request, as a producer records it.
struct request_sample {
  protocol::operation op = protocol::operation::read_note;
  std::optional<model::error_kind> error;  // nullopt: it succeeded
  bool unknown_outcome = false;     // a write that may or may not have happened
  std::string_view shard;           // empty: unknown
  std::uint64_t latency_us = 0;     // from the intended send time
  std::uint64_t service_us = 0;     // from the actual send
  /// "1xx" to "5xx", "malformed" for a 2xx whose body is not what the API
  /// promises, or the failure ("connect", "timeout", "reset", "protocol")
  /// of a request that got no HTTP answer.
  std::string_view status_class = "2xx";
  int status = 0;                   // the HTTP status; 0 without an answer
};

/// All figures of a run or of a part of one. Not thread-safe.
struct run_stats {
  std::array<op_stats, protocol::operation_count> ops;
  std::array<std::uint64_t, protocol::category_count> categories{};
  std::array<std::uint64_t, model::error_kind_count> errors{};
  std::array<std::uint64_t, model::violation_class_count> violations{};
  std::map<std::string, shard_stats, std::less<>> shards;
  /// Requests by (operation, status class, shard).
  std::map<std::tuple<protocol::operation, std::string, std::string>, std::uint64_t,
           view_order>
    by_class;
  /// Violations by (class, shard).
  std::map<std::pair<model::violation_class, std::string>, std::uint64_t> violation_cells;
  /// Failed requests by (operation, kind, HTTP status or 0): what a run in
  /// which nothing succeeded names. At most operations x kinds x statuses.
  std::map<std::tuple<protocol::operation, model::error_kind, int>, std::uint64_t> failures;
  std::uint64_t total = 0;           // every request sent
  std::uint64_t ok = 0;
  std::uint64_t failed = 0;
  std::uint64_t unknown_outcome = 0; // writes whose outcome is unknown
  /// Intended sends that never went out: ticks still in their accounts'
  /// backlogs when the run stopped (or when an account left it).
  std::uint64_t skipped_ticks = 0;
  /// Notes, names or sets of notes whose writes of unknown outcome
  /// overflowed what an account remembers: accepted as shown from then on.
  std::uint64_t indeterminate = 0;
  /// How late the ticker sent each tick to its account, in microseconds:
  /// the send time against the tick's due time, as the ticker sees it (the
  /// client's own pacing error, before any queue or connection).
  histogram tick_lateness_us;

  /// Counts one finished request.
  void record(const request_sample& s);

  /// Counts one violation of class `v` on `shard` (empty: unknown shard).
  void record_violation(model::violation_class v, std::string_view shard);

  /// Adds every figure of `other` to this one.
  void merge(const run_stats& other);

  /// Returns the number of violations of every class.
  std::uint64_t violation_total() const noexcept;
};

} // namespace throng::stats
