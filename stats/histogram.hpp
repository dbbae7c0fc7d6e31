#pragma once

// The latency histogram: HDR-style log-linear buckets, within 1% at every
// percentile, merged exactly.

#include <cstdint>
#include <functional>
#include <vector>

namespace throng::stats {

/// A histogram of non-negative integers (throng records microseconds) with
/// HDR-style log-linear buckets: values below 256 are counted exactly and
/// every larger bucket is at most 1/128 of its value wide, so a percentile is
/// within 1% of the exact one. Merging two histograms is exact: it gives the
/// histogram of both sets of values. Buckets are allocated on the first
/// record and only up to the largest value seen, so an empty histogram costs a
/// few words and one of values up to 1 s (in microseconds) about 14 KB.
/// Not thread-safe.
class histogram {
public:
  /// Counts `value` `n` times. Values above max_trackable() are clamped to it
  /// (max() still reports the true maximum).
  void record(std::uint64_t value, std::uint64_t n = 1);

  /// Adds every count of `other` to this one.
  void merge(const histogram& other);

  /// Returns the histogram of the values recorded since `earlier` was a
  /// copy of this one: each bucket's count minus `earlier`'s. Precondition:
  /// `earlier` is an earlier state of this one; if it is not, a bucket with
  /// fewer counts than `earlier`'s gives zero, never below. The result's
  /// min() and max() come from its lowest and highest non-empty buckets
  /// (within this one's min() and max()), so they are within a bucket's
  /// width of the true ones, as its percentiles are.
  histogram since(const histogram& earlier) const;

  /// Forgets every value.
  void clear();

  std::uint64_t count() const noexcept { return count_; }
  std::uint64_t min() const noexcept { return count_ ? min_ : 0; }
  std::uint64_t max() const noexcept { return max_; }
  double mean() const noexcept;

  /// Returns the value below which `q` percent of the values fall (q in
  /// [0, 100]; 50 is the median): the representative value of the bucket
  /// that holds that rank, clamped to [min(), max()]; exactly min() and max()
  /// for the first and the last rank. 0 when empty.
  std::uint64_t percentile(double q) const;

  /// Calls `fn(upper_bound, count)` for each non-empty bucket in increasing
  /// order; `upper_bound` is the largest value the bucket holds. For
  /// exporting cumulative buckets (Prometheus).
  void for_each_bucket(
    const std::function<void(std::uint64_t, std::uint64_t)>& fn) const;

  /// The largest value counted in its own bucket (about 2^40).
  static std::uint64_t max_trackable() noexcept;

  friend bool operator==(const histogram& a, const histogram& b) noexcept;

  /// The non-empty buckets of a histogram, as it travels: for each, the
  /// empty buckets before it (since the previous one) and its count.
  struct sparse_buckets {
    std::vector<std::uint32_t> gaps;
    std::vector<std::uint64_t> counts;
  };

  /// Returns the non-empty buckets.
  sparse_buckets sparse() const;

  /// Sets the buckets to `s` (the other fields stay). Buckets past the
  /// layout's last, which no histogram has, are dropped: a peer that sends
  /// them is wrong, and they must not grow this one.
  void set_sparse(const sparse_buckets& s);

  /// Exposes the fields to a CAF-style inspector (serialisation), so that
  /// histograms travel in messages between actors and processes. Only the
  /// non-empty buckets go: a second's histogram has a few dozen of its
  /// hundreds.
  template <class Inspector>
  friend typename Inspector::result_type inspect(Inspector& f, histogram& x) {
    if constexpr (Inspector::reads_state) {
      auto s = x.sparse();
      return f(s.gaps, s.counts, x.count_, x.min_, x.max_, x.sum_);
    } else {
      sparse_buckets s;
      auto r = f(s.gaps, s.counts, x.count_, x.min_, x.max_, x.sum_);
      x.set_sparse(s);
      return r;
    }
  }

private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ = 0;
  std::uint64_t max_ = 0;
  long double sum_ = 0;
};

} // namespace throng::stats
