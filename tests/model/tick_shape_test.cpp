// Tests of tick_schedule's shaped accounts (tick_shape): exponential, uniform
// and paced intervals, and late takers.

#include "model/tick_schedule.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace throng::model {
namespace {

using namespace std::chrono_literals;
using kind = tick_shape::kind;

// The intervals between the first `n` ticks of slot 0, taking ticks as
// they come due.
std::vector<std::int64_t> intervals(tick_schedule& s, std::size_t n) {
  std::vector<std::int64_t> dues;
  while (dues.size() < n + 1) {
    s.take_due(s.next_due_ns(),
               [&](std::uint32_t, std::int64_t due, std::int64_t last, std::uint64_t k) {
                 EXPECT_EQ(k, 1u);
                 EXPECT_EQ(last, due);
                 dues.push_back(due);
               });
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 1; i < dues.size(); ++i)
    out.push_back(dues[i] - dues[i - 1]);
  return out;
}

double mean(const std::vector<std::int64_t>& xs) {
  double sum = 0;
  for (auto x : xs)
    sum += static_cast<double>(x);
  return sum / static_cast<double>(xs.size());
}

TEST(tick_shape, think_kinds_map_to_shapes) {
  think_spec t;
  EXPECT_EQ(tick_shape::of(t).how, kind::fixed);
  t.how = think_spec::kind::constant;
  t.value = 1s;
  EXPECT_EQ(tick_shape::of(t).how, kind::fixed);
  t.how = think_spec::kind::exponential;
  EXPECT_EQ(tick_shape::of(t).how, kind::exponential);
  t.how = think_spec::kind::uniform;
  t.min = 1s;
  t.max = 3s;
  auto u = tick_shape::of(t);
  EXPECT_EQ(u.how, kind::uniform);
  EXPECT_DOUBLE_EQ(u.low, 0.5);
  EXPECT_DOUBLE_EQ(u.high, 1.5);
  t.how = think_spec::kind::paced;
  t.rate_per_s = 4;
  auto p = tick_shape::of(t);
  EXPECT_EQ(p.how, kind::paced);
  EXPECT_EQ(p.own_ns, 250'000'000);
}

TEST(tick_shape, fixed_accounts_tick_every_interval) {
  tick_schedule s{1000, 1};
  s.add(0, 0);
  auto xs = intervals(s, 50);
  EXPECT_TRUE(std::all_of(xs.begin(), xs.end(), [](auto x) { return x == 1000; }));
}

TEST(tick_shape, exponential_intervals_vary_around_the_interval) {
  tick_schedule s{1'000'000, 7};
  s.add(0, 0, {.how = kind::exponential});
  auto xs = intervals(s, 4000);
  EXPECT_NEAR(mean(xs), 1e6, 0.1e6);
  // Poisson arrivals: about 63% of the intervals are below the mean.
  auto below = std::count_if(xs.begin(), xs.end(), [](auto x) { return x < 1'000'000; });
  EXPECT_NEAR(static_cast<double>(below) / 4000.0, 0.632, 0.05);
}

TEST(tick_shape, uniform_intervals_stay_within_their_bounds) {
  tick_schedule s{1'000'000, 3};
  s.add(0, 0, {.how = kind::uniform, .low = 0.5, .high = 1.5});
  auto xs = intervals(s, 2000);
  EXPECT_GE(*std::min_element(xs.begin(), xs.end()), 500'000);
  EXPECT_LE(*std::max_element(xs.begin(), xs.end()), 1'500'000);
  EXPECT_NEAR(mean(xs), 1e6, 0.05e6);
}

TEST(tick_shape, paced_accounts_keep_their_own_rate_when_the_interval_changes) {
  tick_schedule s{1000, 1};
  s.add(0, 100, {.how = kind::paced, .own_ns = 250});
  s.set_interval(5000, 0);
  EXPECT_EQ(s.next_due_ns(), 100);
  auto xs = intervals(s, 10);
  EXPECT_TRUE(std::all_of(xs.begin(), xs.end(), [](auto x) { return x == 250; }));
}

TEST(tick_shape, a_late_shaped_account_fires_once_with_the_missed_ticks) {
  tick_schedule s{100, 1};
  s.add(0, 0, {.how = kind::paced, .own_ns = 100});
  int fired = 0;
  std::int64_t first = -1;
  std::int64_t last = -1;
  std::uint64_t n = 0;
  s.take_due(1050, [&](std::uint32_t, std::int64_t f, std::int64_t l, std::uint64_t k) {
    ++fired;
    first = f;
    last = l;
    n = k;
  });
  // Due at 0, 100, ..., 1000: one message with all eleven.
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(first, 0);
  EXPECT_EQ(last, 1000);
  EXPECT_EQ(n, 11u);
  EXPECT_GT(s.next_due_ns(), 1050);
}

TEST(tick_shape, a_late_random_account_counts_its_missed_ticks_at_the_mean) {
  tick_schedule s{10'000, 7};
  s.add(0, 0, {.how = kind::exponential});
  std::uint64_t n = 0;
  std::int64_t last = -1;
  s.take_due(10'000'000, [&](std::uint32_t, std::int64_t f, std::int64_t l, std::uint64_t k) {
    EXPECT_EQ(f, 0);
    last = l;
    n = k;
  });
  // About one tick per 10 us of the 10 ms missed, the last within one mean
  // interval of the time taken.
  EXPECT_GE(n, 990u);
  EXPECT_LE(n, 1001u);
  EXPECT_LE(last, 10'000'000);
  EXPECT_GT(last, 10'000'000 - 10'000);
  EXPECT_GT(s.next_due_ns(), 10'000'000);
}

} // namespace
} // namespace throng::model
