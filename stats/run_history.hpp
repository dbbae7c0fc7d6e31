#pragma once

// The bounded per-second history of a run that the live dashboard draws its
// charts from (GET /api/history), and the run's events beside it.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/error_kind.hpp"
#include "model/violation_class.hpp"
#include "protocol/operation.hpp"
#include "stats/histogram.hpp"
#include "stats/run_stats.hpp"

namespace throng::stats {

/// What the run's controls aim at, and have, at the end of a second.
struct history_gauges {
  std::int64_t accounts = 0;
  std::int64_t target_accounts = 0;
  double target_rpm = 0;
};

/// Something that happened in the run, shown on the charts' time axis.
struct history_event {
  double t_s = 0;   // seconds since the run's start
  std::string kind; // "stage", "migration", "fault", "control", "worker", "run"
  std::string text;
};

/// The history of a run, one point per second, bounded: when it holds
/// max_points points and another comes, each pair of neighbouring points
/// merges into one (counts and widths add; the first's start, the second's
/// gauges; each percentile the larger of the two, so that a merged point
/// shows its worst second) and the generation goes up by one. Every point
/// has a sequence number, increasing over the run; a merged point takes the
/// later one of its two, so that a client that has seen up to a number and
/// has the current generation needs only the points after it. The latest
/// max_events events are kept and the earlier ones counted. Shards are
/// counted under the first max_shard_names names seen and the rest under
/// shard_names::other_name, so memory does not grow with the run's length
/// nor with what a service puts in X-Shard. Not thread-safe.
class run_history {
public:
  static constexpr std::size_t max_shard_names = 256;

  /// Creates an empty history of at most `max_points` points (at least 2)
  /// and `max_events` events.
  explicit run_history(std::size_t max_points = 1800, std::size_t max_events = 500);

  /// Adds one point: what `totals` (the run's totals so far) gained since
  /// the previous call, as second `second` of the run (the first call's
  /// previous totals are all zero), with the gauges `g` at its end. A
  /// figure that went down counts zero and the next growth counts only past
  /// the highest value seen, so that no count is negative or counted twice.
  void add_second(std::uint32_t second, const run_stats& totals, const history_gauges& g);

  /// Keeps `e`, dropping the earliest event if max_events are kept.
  void add_event(history_event e);

  /// Returns the contract's JSON (GET /api/history): the points with a
  /// sequence number above `after` when `generation` is the current one,
  /// else every point; every kept event and the number dropped.
  nlohmann::json to_json(std::uint64_t after, std::uint64_t generation) const;

  std::size_t points() const noexcept { return points_.size(); }
  std::uint64_t generation() const noexcept { return generation_; }

  /// Returns the approximate bytes held: points, events, shard names and
  /// the previous totals.
  std::size_t memory_bytes() const;

private:
  // In microseconds, saturated at 2^32 - 1 (71 min).
  struct percentiles {
    std::uint32_t p50_us = 0;
    std::uint32_t p99_us = 0;

    void keep_worst(const percentiles& other) noexcept {
      p50_us = std::max(p50_us, other.p50_us);
      p99_us = std::max(p99_us, other.p99_us);
    }
  };

  struct op_point {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    percentiles latency; // from the intended send
    percentiles service; // from the actual send
  };

  struct point {
    std::uint64_t seq = 0;
    std::uint32_t t = 0;
    std::uint32_t w = 1;
    std::array<std::uint64_t, protocol::category_count> categories{};
    std::array<op_point, protocol::operation_count> ops{};
    std::array<std::uint64_t, model::error_kind_count> errors{};
    std::array<std::uint64_t, model::violation_class_count> violations{};
    std::uint64_t unknown_outcomes = 0;
    std::uint64_t skipped_ticks = 0;
    // Note reads + writes by index into shard_names_; no longer than the
    // last index with a count.
    std::vector<std::uint64_t> shards;
    history_gauges gauges;
  };

  // The highest totals seen: what the next point counts from.
  struct op_seen {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    histogram latency_us;
    histogram service_us;
  };

  struct totals_seen {
    std::array<std::uint64_t, protocol::category_count> categories{};
    std::array<op_seen, protocol::operation_count> ops{};
    std::array<std::uint64_t, model::error_kind_count> errors{};
    std::array<std::uint64_t, model::violation_class_count> violations{};
    std::uint64_t unknown_outcomes = 0;
    std::uint64_t skipped_ticks = 0;
    std::vector<std::uint64_t> shards; // by index into shard_names_
  };

  // Returns the percentiles of the values `now` has beyond `seen`, its
  // earlier state, and makes `seen` a copy of `now`.
  static percentiles percentiles_since(histogram& seen, const histogram& now);

  // Returns the index `name` is counted under, admitting it if there is room.
  std::size_t shard_index(const std::string& name);

  // Fills the shard counts of `p` from `totals`.
  void add_shards(point& p, const run_stats& totals);

  // Adds `later`, the point after `into`, to `into`.
  static void merge_into(point& into, const point& later);

  // Merges each pair of neighbouring points into one.
  void halve();

  nlohmann::json point_json(const point& p) const;

  std::size_t max_points_;
  std::size_t max_events_;
  std::vector<point> points_;
  std::deque<history_event> events_;
  std::uint64_t events_dropped_ = 0;
  std::uint64_t last_seq_ = 0;
  std::uint64_t generation_ = 0;
  totals_seen seen_;
  // Index 0 is shard_names::other_name; the rest in the order first seen.
  std::vector<std::string> shard_names_;
  std::map<std::string, std::size_t, std::less<>> shard_indices_;
};

} // namespace throng::stats
