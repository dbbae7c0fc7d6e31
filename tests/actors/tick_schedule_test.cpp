#include "actors/tick_schedule.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace throng::actors {
namespace {

using fired = std::vector<std::pair<std::uint32_t, std::int64_t>>;

fired take(tick_schedule& s, std::int64_t now, std::uint64_t* skipped = nullptr) {
  fired out;
  s.take_due(
    now, [&](std::uint32_t slot, std::int64_t due) { out.emplace_back(slot, due); },
    [&](std::uint32_t, std::uint64_t n) {
      if (skipped != nullptr)
        *skipped += n;
    });
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

TEST(tick_schedule, a_late_taker_fires_the_earliest_missed_tick_and_skips_the_rest) {
  tick_schedule s{10};
  s.add(7, 0);
  std::uint64_t skipped = 0;
  // Ticks were due at 0, 10, ..., 90: the first goes out with its own due
  // time (latency counts from it), the other nine are skipped.
  EXPECT_EQ(take(s, 95, &skipped), (fired{{7, 0}}));
  EXPECT_EQ(skipped, 9u);
  EXPECT_EQ(s.next_due_ns(), 100);
}

TEST(tick_schedule, rate_over_many_accounts_is_exact) {
  tick_schedule s{1'000};
  for (std::uint32_t i = 0; i < 100; ++i)
    s.add(i, i * 10);
  std::map<std::uint32_t, int> per_account;
  // Taken every 10 ns, as a ticker that keeps up would.
  for (std::int64_t now = 0; now < 100'000; now += 10)
    s.take_due(
      now, [&](std::uint32_t slot, std::int64_t) { ++per_account[slot]; },
      [](std::uint32_t, std::uint64_t) { FAIL() << "nothing is skipped on time"; });
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
} // namespace throng::actors
