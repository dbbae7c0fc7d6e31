// Tests of tick_schedule with fixed intervals: phases, late takers, exact
// rates, removals and interval changes.

#include "model/tick_schedule.hpp"

#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <utility>

namespace throng::model {
namespace {

using fired = std::vector<std::pair<std::uint32_t, std::int64_t>>;

/// A run of ticks an account fired with: its slot, its first and last due
/// time and how many.
struct run {
  std::uint32_t slot;
  std::int64_t first_ns;
  std::int64_t last_ns;
  std::uint64_t n;
  bool operator==(const run&) const = default;
};

void PrintTo(const run& r, std::ostream* out) {
  *out << "{" << r.slot << ", " << r.first_ns << ".." << r.last_ns << " x" << r.n << "}";
}

std::vector<run> take_runs(tick_schedule& s, std::int64_t now) {
  std::vector<run> out;
  s.take_due(now, [&](std::uint32_t slot, std::int64_t first, std::int64_t last,
                      std::uint64_t n) { out.push_back({slot, first, last, n}); });
  return out;
}

/// Takes what is due at `now` from a schedule that kept up: one tick each.
fired take(tick_schedule& s, std::int64_t now) {
  fired out;
  for (const auto& r : take_runs(s, now)) {
    EXPECT_EQ(r.n, 1u) << r.slot;
    EXPECT_EQ(r.first_ns, r.last_ns) << r.slot;
    out.emplace_back(r.slot, r.first_ns);
  }
  return out;
}

TEST(tick_schedule, fires_each_account_at_its_phase_then_every_interval) {
  tick_schedule s{100};
  s.add(0, 10);
  s.add(1, 50);
  EXPECT_EQ(s.next_due_ns(), 10);
  EXPECT_TRUE(take(s, 9).empty());
  EXPECT_EQ(take(s, 10), (fired{{0, 10}}));
  EXPECT_EQ(take(s, 60), (fired{{1, 50}}));
  EXPECT_EQ(take(s, 110), (fired{{0, 110}}));
  EXPECT_EQ(s.next_due_ns(), 150);
}

TEST(tick_schedule, a_late_taker_fires_every_missed_tick_at_once) {
  tick_schedule s{10};
  s.add(7, 0);
  s.add(3, 5);
  // Ticks were due at 0, 10, ..., 90 and at 5, 15, ..., 95: each account
  // fires once with its whole run, which keeps every due time (latency
  // counts from each).
  EXPECT_EQ(take_runs(s, 95), (std::vector<run>{{7, 0, 90, 10}, {3, 5, 95, 10}}));
  EXPECT_EQ(s.next_due_ns(), 100);
  EXPECT_EQ(take(s, 105), (fired{{7, 100}, {3, 105}}));
}

TEST(tick_schedule, rate_over_many_accounts_is_exact) {
  tick_schedule s{1'000};
  for (std::uint32_t i = 0; i < 100; ++i)
    s.add(i, i * 10);
  std::map<std::uint32_t, int> per_account;
  // Taken every 10 ns, as a ticker that keeps up would.
  for (std::int64_t now = 0; now < 100'000; now += 10)
    for (const auto& [slot, due] : take(s, now))
      ++per_account[slot];
  ASSERT_EQ(per_account.size(), 100u);
  for (auto& [slot, n] : per_account)
    EXPECT_EQ(n, 100) << slot;
}

TEST(tick_schedule, removed_accounts_tick_no_more) {
  tick_schedule s{100};
  s.add(0, 10);
  s.add(1, 20);
  s.add(2, 30);
  s.remove_if([](std::uint32_t slot) { return slot == 1; });
  EXPECT_EQ(s.size(), 2u);
  EXPECT_EQ(take(s, 99), (fired{{0, 10}, {2, 30}}));
  s.remove_if([](std::uint32_t) { return false; });
  EXPECT_EQ(take(s, 130), (fired{{0, 110}, {2, 130}}));
}

TEST(tick_schedule, a_new_interval_rescales_the_ticks_to_come) {
  tick_schedule s{100};
  s.add(0, 10);
  s.add(1, 60);
  EXPECT_EQ(take(s, 10), (fired{{0, 10}}));
  // At 10: account 1 is 50 ns away, account 0 100 ns; halving the interval
  // halves both, so each keeps its phase and the rate doubles at once.
  s.set_interval(50, 10);
  EXPECT_EQ(s.interval_ns(), 50);
  EXPECT_EQ(take(s, 35), (fired{{1, 35}}));
  EXPECT_EQ(take(s, 60), (fired{{0, 60}}));
  EXPECT_EQ(take(s, 85), (fired{{1, 85}}));
}

TEST(tick_schedule, empty_schedule_has_no_due_time) {
  tick_schedule s{10};
  EXPECT_EQ(s.next_due_ns(), std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(take(s, 1'000).empty());
}

} // namespace
} // namespace throng::model
