#pragma once

// A run's per-second figures by operation and shard (timeseries.csv, the
// report's charts), kept bounded by sealing past seconds.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "protocol/operation.hpp"
#include "stats/histogram.hpp"
#include "stats/view_order.hpp"

namespace throng::stats {

/// One second of one operation on one shard, as `timeseries.csv` has it.
struct series_row {
  std::uint32_t second = 0; // since the start of the run
  protocol::operation op = protocol::operation::read_note;
  std::string shard;        // empty: unknown
  std::uint64_t count = 0;
  std::uint64_t errors = 0;
  double p50_ms = 0;        // latency from the intended send time
  double p99_ms = 0;
};

/// Per-second figures of a run by operation and shard. Recent seconds stay
/// open, each cell with a full histogram, so that the deltas of several
/// producers merge exactly; seal_before() turns the cells of earlier seconds
/// into rows and frees their histograms, so memory stays bounded on long
/// runs. A sealed second's percentiles are final: figures that arrive for it
/// later (a late delta, a record) add their counts to its row, or become a
/// row of their own with their own percentiles, and never change its
/// overall_latency(). Not thread-safe.
class time_series {
public:
  /// Counts one request that finished in `second`. If that second is sealed
  /// already, the request goes straight to its row (see merge()).
  void record(std::uint32_t second, protocol::operation op,
              std::string_view shard, bool error, std::uint64_t latency_us);

  /// Adds `other` (a producer's delta) to this one. Its open cells merge
  /// exactly into this one's open cells. A cell of a second this one has
  /// sealed already goes straight to that second's row: its counts add to
  /// the row, whose percentiles stay; a key with no row becomes a row of its
  /// own with the cell's p50 and p99. Rows `other` has sealed are added the
  /// same way, whether or not this one has sealed their second, and its
  /// overall percentiles fill only the seconds this one has none for. So no
  /// count is ever lost and no percentile ever replaced; percentiles that
  /// come from two sealings cannot be merged, so the first one stands.
  void merge(const time_series& other);

  /// Counts one consistency violation found in `second`.
  void record_violation(std::uint32_t second) { ++violations_[second]; }

  /// Returns the violations found per second (seconds with none left out).
  const std::map<std::uint32_t, std::uint64_t>& violations() const noexcept {
    return violations_;
  }

  /// Latency percentiles of one second over every operation and shard, in
  /// microseconds.
  struct overall {
    std::uint64_t p50 = 0;
    std::uint64_t p90 = 0;
    std::uint64_t p99 = 0;

    template <class Inspector>
    friend typename Inspector::result_type inspect(Inspector& f, overall& x) {
      return f(x.p50, x.p90, x.p99);
    }
  };

  /// Returns the sealed seconds' latency percentiles over all requests,
  /// computed from the histograms the second's cells had when it was sealed.
  const std::map<std::uint32_t, overall>& overall_latency() const noexcept {
    return overall_;
  }

  /// Seals every open cell of a second before `second`, and every second
  /// before it for good: a cell for one of them that comes later goes
  /// straight to its row.
  void seal_before(std::uint32_t second);

  /// Seals everything.
  void seal_all() { seal_before(~std::uint32_t{0}); }

  /// Returns the sealed rows, ordered by second, operation and shard, with
  /// a row of zeros for every second in which a (operation, shard) pair
  /// seen anywhere in the run had no request: one row per second per pair.
  std::vector<series_row> rows() const;

  /// Returns whether nothing was recorded.
  bool empty() const noexcept {
    return open_.empty() && sealed_.empty() && violations_.empty();
  }

  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, time_series& x) {
    return f(x.open_, x.sealed_, x.violations_, x.overall_, x.sealed_before_);
  }

private:
  struct cell {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    histogram latency_us;

    template <class Inspector>
    friend typename Inspector::result_type inspect(Inspector& f, cell& x) {
      return f(x.count, x.errors, x.latency_us);
    }
  };

  // A sealed cell's figures; the percentiles in microseconds.
  struct sealed_row {
    std::uint64_t count = 0;
    std::uint64_t errors = 0;
    std::uint64_t p50_us = 0;
    std::uint64_t p99_us = 0;

    template <class Inspector>
    friend typename Inspector::result_type inspect(Inspector& f, sealed_row& x) {
      return f(x.count, x.errors, x.p50_us, x.p99_us);
    }
  };

  using key = std::tuple<std::uint32_t, std::uint8_t, std::string>;

  static sealed_row figures_of(const cell& c);

  // Adds `r` to the row of `k`: its counts if there is one (whose
  // percentiles stay), all of it if not.
  void add_row(const key& k, const sealed_row& r);

  // Holds only seconds at or after sealed_before_.
  std::map<key, cell, view_order> open_;
  std::map<key, sealed_row> sealed_;
  std::map<std::uint32_t, std::uint64_t> violations_;
  std::map<std::uint32_t, overall> overall_;
  // Every second before this one is sealed.
  std::uint32_t sealed_before_ = 0;
};

/// Returns `rows` as CSV with the header
/// `second,op,shard,count,errors,p50_ms,p99_ms`.
std::string to_csv(const std::vector<series_row>& rows);

} // namespace throng::stats
