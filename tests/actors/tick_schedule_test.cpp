#include "actors/tick_schedule.hpp"

#include <gtest/gtest.h>

#include <map>
#include <utility>

namespace throng::actors {
namespace {

using fired = std::vector<std::pair<std::uint32_t, std::int64_t>>;

fired take(tick_schedule& s, std::int64_t now) {
  fired out;
  s.take_due(now, [&](std::uint32_t slot, std::int64_t due) { out.emplace_back(slot, due); });
  return out;
}

TEST(tick_schedule, fires_each_account_at_its_phase_then_every_interval) {
  tick_schedule s{100};
  s.add(0, 10);
  s.add(1, 50);
  EXPECT_EQ(s.next_due_ns(), 10);
  EXPECT_TRUE(take(s, 9).empty());
  EXPECT_EQ(take(s, 10), (fired{{0, 10}}));
  EXPECT_EQ(take(s, 200), (fired{{1, 50}, {0, 110}, {1, 150}}));
  EXPECT_EQ(s.next_due_ns(), 210);
}

TEST(tick_schedule, a_late_taker_gets_every_missed_tick_with_its_due_time) {
  tick_schedule s{10};
  s.add(7, 0);
  auto out = take(s, 95);
  ASSERT_EQ(out.size(), 10u);
  for (std::size_t i = 0; i < out.size(); ++i)
    EXPECT_EQ(out[i].second, static_cast<std::int64_t>(i) * 10);
}

TEST(tick_schedule, rate_over_many_accounts_is_exact) {
  tick_schedule s{1'000};
  for (std::uint32_t i = 0; i < 100; ++i)
    s.add(i, i * 10);
  std::map<std::uint32_t, int> per_account;
  s.take_due(99'999, [&](std::uint32_t slot, std::int64_t) { ++per_account[slot]; });
  ASSERT_EQ(per_account.size(), 100u);
  for (auto& [slot, n] : per_account)
    EXPECT_EQ(n, 100) << slot;
}

TEST(tick_schedule, empty_schedule_has_no_due_time) {
  tick_schedule s{10};
  EXPECT_EQ(s.next_due_ns(), std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(take(s, 1'000).empty());
}

} // namespace
} // namespace throng::actors
