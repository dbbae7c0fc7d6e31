// The log-linear histogram (histogram.hpp).

#include "stats/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>

namespace throng::stats {

namespace {

// Values below 2^exact_bits get a bucket each. Above, every power of two
// [2^e, 2^(e+1)) is split into 2^sub_bits buckets of width 2^(e-sub_bits),
// at most 1/128 of any value they hold.
constexpr unsigned exact_bits = 8;
constexpr unsigned sub_bits = 7;
constexpr unsigned max_bits = 40;
constexpr std::size_t exact_buckets = std::size_t{1} << exact_bits;
constexpr std::size_t sub_buckets = std::size_t{1} << sub_bits;
constexpr std::size_t bucket_count
  = exact_buckets + (max_bits - exact_bits) * sub_buckets;

constexpr unsigned log2_floor(std::uint64_t v) noexcept {
  return 63u - static_cast<unsigned>(std::countl_zero(v));
}

constexpr std::size_t bucket_of(std::uint64_t v) noexcept {
  if (v < exact_buckets)
    return static_cast<std::size_t>(v);
  auto e = log2_floor(v);
  auto sub = static_cast<std::size_t>(v >> (e - sub_bits)) - sub_buckets;
  return exact_buckets + (e - exact_bits) * sub_buckets + sub;
}

constexpr std::uint64_t lower_bound_of(std::size_t i) noexcept {
  if (i < exact_buckets)
    return i;
  auto e = static_cast<unsigned>((i - exact_buckets) / sub_buckets) + exact_bits;
  auto sub = static_cast<std::uint64_t>((i - exact_buckets) % sub_buckets);
  return (sub_buckets + sub) << (e - sub_bits);
}

constexpr std::uint64_t width_of(std::size_t i) noexcept {
  if (i < exact_buckets)
    return 1;
  auto e = static_cast<unsigned>((i - exact_buckets) / sub_buckets) + exact_bits;
  return std::uint64_t{1} << (e - sub_bits);
}

constexpr std::uint64_t max_value = (std::uint64_t{1} << max_bits) - 1;

static_assert(bucket_of(max_value) == bucket_count - 1);
static_assert(lower_bound_of(bucket_count - 1) + width_of(bucket_count - 1) - 1
              == max_value);
static_assert(bucket_of(exact_buckets - 1) + 1 == bucket_of(exact_buckets));
static_assert(width_of(bucket_of(exact_buckets)) * 128 <= exact_buckets);

} // namespace

void histogram::record(std::uint64_t value, std::uint64_t n) {
  if (n == 0)
    return;
  auto i = bucket_of(std::min(value, max_trackable()));
  if (buckets_.size() <= i)
    buckets_.resize(i + 1);
  buckets_[i] += n;
  if (count_ == 0) {
    min_ = value;
    max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  count_ += n;
  sum_ += static_cast<long double>(value) * static_cast<long double>(n);
}

void histogram::merge(const histogram& other) {
  if (other.count_ == 0)
    return;
  if (buckets_.size() < other.buckets_.size())
    buckets_.resize(other.buckets_.size());
  for (std::size_t i = 0; i < other.buckets_.size(); ++i)
    buckets_[i] += other.buckets_[i];
  if (count_ == 0) {
    min_ = other.min_;
    max_ = other.max_;
  } else {
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
  }
  count_ += other.count_;
  sum_ += other.sum_;
}

histogram histogram::since(const histogram& earlier) const {
  histogram result;
  std::size_t lowest = buckets_.size();
  std::size_t highest = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    auto before = i < earlier.buckets_.size() ? earlier.buckets_[i] : 0;
    if (buckets_[i] <= before)
      continue;
    if (result.buckets_.empty())
      result.buckets_.resize(buckets_.size());
    result.buckets_[i] = buckets_[i] - before;
    result.count_ += result.buckets_[i];
    lowest = std::min(lowest, i);
    highest = i;
  }
  if (result.count_ == 0)
    return result;
  result.buckets_.resize(highest + 1);
  result.min_ = std::max(lower_bound_of(lowest), min_);
  // The last bucket also holds the values clamped to max_trackable().
  result.max_ = highest + 1 == bucket_count
                  ? max_
                  : std::min(lower_bound_of(highest) + width_of(highest) - 1, max_);
  result.sum_ = std::max(sum_ - earlier.sum_, 0.0L);
  return result;
}

void histogram::clear() {
  buckets_.clear();
  count_ = 0;
  min_ = 0;
  max_ = 0;
  sum_ = 0;
}

double histogram::mean() const noexcept {
  if (count_ == 0)
    return 0;
  return static_cast<double>(sum_ / static_cast<long double>(count_));
}

std::uint64_t histogram::percentile(double q) const {
  if (count_ == 0)
    return 0;
  q = std::clamp(q, 0.0, 100.0);
  // The nearest rank: the smallest value with at least q% of the values at
  // or below it. The small slack keeps q = 99.9 of 1000 values at rank 999
  // despite 99.9 having no exact binary form.
  auto wanted = std::ceil(q / 100.0 * static_cast<double>(count_) - 1e-9);
  auto rank = std::clamp(static_cast<std::uint64_t>(std::max(wanted, 0.0)),
                         std::uint64_t{1}, count_);
  if (rank == 1)
    return min_;
  if (rank == count_)
    return max_;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      auto mid = lower_bound_of(i) + width_of(i) / 2;
      return std::clamp(mid, min_, max_);
    }
  }
  return max_;
}

void histogram::for_each_bucket(
  const std::function<void(std::uint64_t, std::uint64_t)>& fn) const {
  for (std::size_t i = 0; i < buckets_.size(); ++i)
    if (buckets_[i] != 0)
      fn(lower_bound_of(i) + width_of(i) - 1, buckets_[i]);
}

std::uint64_t histogram::max_trackable() noexcept {
  return max_value;
}

histogram::sparse_buckets histogram::sparse() const {
  sparse_buckets s;
  std::uint32_t gap = 0;
  for (auto n : buckets_) {
    if (n == 0) {
      ++gap;
      continue;
    }
    s.gaps.push_back(gap);
    s.counts.push_back(n);
    gap = 0;
  }
  return s;
}

void histogram::set_sparse(const sparse_buckets& s) {
  buckets_.clear();
  std::size_t at = 0;
  for (std::size_t i = 0; i < std::min(s.gaps.size(), s.counts.size()); ++i) {
    at += s.gaps[i];
    if (at >= bucket_count)
      break;
    buckets_.resize(at + 1);
    buckets_[at++] = s.counts[i];
  }
}

bool operator==(const histogram& a, const histogram& b) noexcept {
  if (a.count_ != b.count_ || a.min() != b.min() || a.max_ != b.max_)
    return false;
  const auto& shorter = a.buckets_.size() < b.buckets_.size() ? a.buckets_
                                                               : b.buckets_;
  const auto& longer = a.buckets_.size() < b.buckets_.size() ? b.buckets_
                                                              : a.buckets_;
  auto split = longer.begin() + static_cast<std::ptrdiff_t>(shorter.size());
  return std::equal(shorter.begin(), shorter.end(), longer.begin())
         && std::all_of(split, longer.end(),
                        [](std::uint64_t n) { return n == 0; });
}

} // namespace throng::stats
