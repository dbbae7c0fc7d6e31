// Tests of histogram: exact small values, percentiles within 1%, merging,
// the values since an earlier state, clamping, buckets.

#include "stats/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

using throng::stats::histogram;

namespace {

// The nearest-rank percentile of sorted `values`.
std::uint64_t exact_percentile(const std::vector<std::uint64_t>& sorted,
                               double q) {
  auto rank = static_cast<std::size_t>(
    std::ceil(q / 100.0 * static_cast<double>(sorted.size()) - 1e-9));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

histogram histogram_of(const std::vector<std::uint64_t>& values) {
  histogram h;
  for (auto v : values)
    h.record(v);
  return h;
}

// Expects every percentile of `h` within 1% of that of `sorted`.
void expect_percentiles_within_one_percent(const histogram& h,
                                           const std::vector<std::uint64_t>& sorted) {
  for (double q : {0.0, 1.0, 10.0, 25.0, 50.0, 75.0, 90.0, 95.0, 99.0, 99.9,
                   99.99, 100.0}) {
    auto exact = static_cast<double>(exact_percentile(sorted, q));
    auto approx = static_cast<double>(h.percentile(q));
    EXPECT_LE(std::abs(approx - exact), 0.01 * exact)
      << "q=" << q << " exact=" << exact << " approx=" << approx;
  }
}

void expect_within_one_percent(std::vector<std::uint64_t> values) {
  auto h = histogram_of(values);
  std::sort(values.begin(), values.end());
  expect_percentiles_within_one_percent(h, values);
  EXPECT_EQ(h.min(), values.front());
  EXPECT_EQ(h.max(), values.back());
  EXPECT_EQ(h.count(), values.size());
}

// Values spread like latencies: exp of a normal variable (Box-Muller on a
// generator whose output the standard fixes), a median near 3 ms.
std::vector<std::uint64_t> lognormal_values(std::size_t n) {
  std::mt19937_64 gen{20240611};
  auto uniform = [&] {
    return (static_cast<double>(gen() >> 11) + 0.5) * 0x1.0p-53;
  };
  std::vector<std::uint64_t> values;
  for (std::size_t i = 0; i < n; ++i) {
    auto z = std::sqrt(-2 * std::log(uniform()))
             * std::cos(2 * 3.14159265358979 * uniform());
    values.push_back(static_cast<std::uint64_t>(std::exp(8.0 + 1.5 * z)));
  }
  return values;
}

} // namespace

TEST(histogram, empty) {
  histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_EQ(h.percentile(50), 0u);
  EXPECT_EQ(h.percentile(100), 0u);
  int calls = 0;
  h.for_each_bucket([&](std::uint64_t, std::uint64_t) { ++calls; });
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(h, histogram{});
}

TEST(histogram, small_values_are_exact) {
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 0; v < 256; ++v)
    values.push_back(v);
  auto h = histogram_of(values);
  for (double q = 0; q <= 100; q += 0.5)
    EXPECT_EQ(h.percentile(q), exact_percentile(values, q)) << q;
  EXPECT_EQ(h.percentile(50), 127u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 255u);
  EXPECT_DOUBLE_EQ(h.mean(), 127.5);
}

TEST(histogram, few_values) {
  histogram h;
  h.record(7);
  EXPECT_EQ(h.percentile(0), 7u);
  EXPECT_EQ(h.percentile(50), 7u);
  EXPECT_EQ(h.percentile(100), 7u);
  h.record(1000);
  h.record(3);
  EXPECT_EQ(h.percentile(0), 3u);
  EXPECT_EQ(h.percentile(33), 3u);
  EXPECT_EQ(h.percentile(50), 7u);
  EXPECT_EQ(h.percentile(67), 1000u);
  EXPECT_EQ(h.percentile(100), 1000u);
}

TEST(histogram, uniform_values_within_one_percent) {
  std::vector<std::uint64_t> values;
  for (std::uint64_t v = 1; v <= 100000; ++v)
    values.push_back(v);
  expect_within_one_percent(values);
}

TEST(histogram, lognormal_values_within_one_percent) {
  expect_within_one_percent(lognormal_values(200000));
}

TEST(histogram, every_value_lands_in_a_narrow_bucket) {
  for (std::uint64_t v :
       {std::uint64_t{255}, std::uint64_t{256}, std::uint64_t{257},
        std::uint64_t{511}, std::uint64_t{512}, std::uint64_t{1000000},
        std::uint64_t{123456789}, histogram::max_trackable() - 1,
        histogram::max_trackable()}) {
    histogram h;
    h.record(v);
    h.record(v);
    std::uint64_t upper = 0;
    h.for_each_bucket([&](std::uint64_t u, std::uint64_t n) {
      upper = u;
      EXPECT_EQ(n, 2u);
    });
    EXPECT_GE(upper, v);
    EXPECT_LE(static_cast<double>(upper - v), static_cast<double>(v) / 128);
  }
}

TEST(histogram, record_many_at_once) {
  histogram a;
  histogram b;
  a.record(300, 5);
  a.record(9, 0);
  for (int i = 0; i < 5; ++i)
    b.record(300);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.count(), 5u);
  EXPECT_DOUBLE_EQ(a.mean(), 300.0);
}

TEST(histogram, mean_is_exact) {
  histogram h;
  h.record(1);
  h.record(1000001);
  h.record(2, 2);
  EXPECT_DOUBLE_EQ(h.mean(), 1000006.0 / 4);
}

TEST(histogram, merge_equals_recording_both) {
  auto values = lognormal_values(50000);
  histogram a;
  histogram b;
  histogram both;
  for (std::size_t i = 0; i < values.size(); ++i) {
    (i % 3 == 0 ? a : b).record(values[i]);
    both.record(values[i]);
  }
  a.merge(b);
  EXPECT_EQ(a, both);
  EXPECT_DOUBLE_EQ(a.mean(), both.mean());
  for (double q : {0.0, 50.0, 90.0, 99.0, 99.9, 100.0})
    EXPECT_EQ(a.percentile(q), both.percentile(q)) << q;
}

TEST(histogram, merge_with_empty) {
  histogram a;
  a.record(42);
  a.record(4200);
  histogram copy = a;
  a.merge(histogram{});
  EXPECT_EQ(a, copy);
  histogram empty;
  empty.merge(copy);
  EXPECT_EQ(empty, copy);
  EXPECT_EQ(empty.min(), 42u);
  EXPECT_EQ(empty.max(), 4200u);
}

TEST(histogram, clamps_values_above_the_trackable_range) {
  auto top = histogram::max_trackable();
  EXPECT_GE(top, std::uint64_t{1} << 39);
  histogram h;
  h.record(10);
  h.record(top * 2);
  h.record(top * 4);
  h.record(top * 8);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(h.max(), top * 8);
  EXPECT_EQ(h.percentile(100), top * 8);
  auto p50 = h.percentile(50);
  EXPECT_GE(static_cast<double>(p50), 0.99 * static_cast<double>(top));
  EXPECT_LE(p50, top);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> buckets;
  h.for_each_bucket(
    [&](std::uint64_t u, std::uint64_t n) { buckets.emplace_back(u, n); });
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0], std::make_pair(std::uint64_t{10}, std::uint64_t{1}));
  EXPECT_EQ(buckets[1], std::make_pair(top, std::uint64_t{3}));
}

TEST(histogram, percentile_clamps_q) {
  auto h = histogram_of({5, 6, 7});
  EXPECT_EQ(h.percentile(-10), 5u);
  EXPECT_EQ(h.percentile(250), 7u);
}

TEST(histogram, for_each_bucket_in_increasing_order) {
  auto values = lognormal_values(10000);
  auto h = histogram_of(values);
  std::uint64_t previous = 0;
  std::uint64_t total = 0;
  bool first = true;
  h.for_each_bucket([&](std::uint64_t upper, std::uint64_t n) {
    if (!first) {
      EXPECT_GT(upper, previous);
    }
    first = false;
    EXPECT_GT(n, 0u);
    previous = upper;
    total += n;
  });
  EXPECT_EQ(total, values.size());
  EXPECT_GE(previous, h.max());
}

TEST(histogram, bucket_upper_bounds) {
  auto h = histogram_of({5, 300, 301, 1000});
  std::vector<std::pair<std::uint64_t, std::uint64_t>> buckets;
  h.for_each_bucket(
    [&](std::uint64_t u, std::uint64_t n) { buckets.emplace_back(u, n); });
  using p = std::pair<std::uint64_t, std::uint64_t>;
  EXPECT_EQ(buckets, (std::vector<p>{{5, 1}, {301, 2}, {1003, 1}}));
}

TEST(histogram, equality) {
  auto a = histogram_of({1, 2, 300});
  EXPECT_EQ(a, histogram_of({300, 2, 1}));
  EXPECT_FALSE(a == histogram_of({1, 2}));
  EXPECT_FALSE(a == histogram_of({1, 3, 300}));
  // Same buckets, different extremes.
  EXPECT_FALSE(histogram_of({300}) == histogram_of({301}));
  EXPECT_FALSE(a == histogram{});
}

TEST(histogram, clear_forgets_everything) {
  auto h = histogram_of({1, 2, 3000000});
  h.clear();
  EXPECT_EQ(h, histogram{});
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  h.record(9);
  EXPECT_EQ(h, histogram_of({9}));
}

TEST(histogram, since_has_the_values_recorded_after_the_copy) {
  auto values = lognormal_values(60000);
  std::vector<std::uint64_t> before(values.begin(), values.begin() + 40000);
  std::vector<std::uint64_t> after(values.begin() + 40000, values.end());
  auto h = histogram_of(before);
  histogram earlier = h;
  for (auto v : after)
    h.record(v);
  auto delta = h.since(earlier);
  EXPECT_EQ(delta.count(), after.size());
  std::sort(after.begin(), after.end());
  expect_percentiles_within_one_percent(delta, after);
  EXPECT_LE(static_cast<double>(after.front() - delta.min()),
            0.01 * static_cast<double>(after.front()));
  EXPECT_LE(static_cast<double>(delta.max() - after.back()),
            0.01 * static_cast<double>(after.back()));
  EXPECT_LE(delta.max(), h.max());
  EXPECT_NEAR(delta.mean(), histogram_of(after).mean(), 1e-6 * delta.mean());
  delta.merge(earlier);
  EXPECT_EQ(delta.count(), h.count());
}

TEST(histogram, since_itself_or_a_later_state_is_empty) {
  auto h = histogram_of({3, 300, 30000});
  EXPECT_EQ(h.since(h), histogram{});
  EXPECT_EQ(h.since(histogram{}).count(), 3u);
  auto later = h;
  later.record(300, 5);
  later.record(9);
  // Not an earlier state: the buckets it has more of give zero, not less.
  auto clamped = h.since(later);
  EXPECT_EQ(clamped, histogram{});
  EXPECT_EQ(clamped.mean(), 0.0);
  auto other = histogram_of({3, 3, 300});
  auto partly = other.since(h);
  EXPECT_EQ(partly, histogram_of({3}));
}

TEST(histogram, since_keeps_values_above_the_trackable_range) {
  auto top = histogram::max_trackable();
  auto h = histogram_of({10});
  auto earlier = h;
  h.record(top * 4);
  h.record(top * 2);
  auto delta = h.since(earlier);
  EXPECT_EQ(delta.count(), 2u);
  EXPECT_EQ(delta.max(), top * 4);
  EXPECT_EQ(delta.percentile(100), top * 4);
}

namespace throng::stats {
namespace {

TEST(histogram, travels_as_its_non_empty_buckets) {
  histogram h;
  h.record(3, 2);
  h.record(900);
  h.record(1'000'000, 4);
  const auto s = h.sparse();
  EXPECT_EQ(s.gaps.size(), 3u);
  EXPECT_EQ(s.counts, (std::vector<std::uint64_t>{2, 1, 4}));
  histogram back = h;
  back.set_sparse({});
  EXPECT_FALSE(back == h);
  back.set_sparse(s);
  EXPECT_TRUE(back == h);
  EXPECT_EQ(back.percentile(99), h.percentile(99));
}

TEST(histogram, drops_buckets_past_its_layout_from_a_peer) {
  histogram h;
  h.record(5);
  auto s = h.sparse();
  s.gaps.push_back(4'000'000'000u); // far past the last bucket
  s.counts.push_back(7);
  histogram back = h;
  back.set_sparse(s);
  EXPECT_TRUE(back == h);
}

} // namespace
} // namespace throng::stats
