// Tests of tick_backlog: the missed ticks of an account come back in order,
// with their own due times.

#include "model/tick_backlog.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace throng::model {
namespace {

std::vector<std::int64_t> drain(tick_backlog& b) {
  std::vector<std::int64_t> out;
  while (!b.empty())
    out.push_back(b.take());
  return out;
}

TEST(tick_backlog, starts_empty) {
  tick_backlog b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.size(), 0u);
  b.add(5, 50, 0);
  EXPECT_TRUE(b.empty());
}

TEST(tick_backlog, one_tick_comes_back_with_its_due_time) {
  tick_backlog b;
  b.add(70, 70, 1);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(b.take(), 70);
  EXPECT_TRUE(b.empty());
}

TEST(tick_backlog, a_run_of_fixed_ticks_is_reconstructed_exactly) {
  tick_backlog b;
  // Ticks every 10 ns from 0 to 90 came due together.
  b.add(0, 90, 10);
  EXPECT_EQ(b.size(), 10u);
  EXPECT_EQ(drain(b), (std::vector<std::int64_t>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90}));
}

TEST(tick_backlog, single_ticks_added_one_by_one_keep_their_times) {
  tick_backlog b;
  for (std::int64_t t = 1000; t <= 1000 + 7 * 333; t += 333)
    b.add(t, t, 1);
  EXPECT_EQ(b.size(), 8u);
  std::vector<std::int64_t> want;
  for (std::int64_t t = 1000; t <= 1000 + 7 * 333; t += 333)
    want.push_back(t);
  EXPECT_EQ(drain(b), want);
}

TEST(tick_backlog, ticks_added_while_draining_continue_the_run) {
  tick_backlog b;
  b.add(0, 40, 5); // 0, 10, 20, 30, 40
  EXPECT_EQ(b.take(), 0);
  EXPECT_EQ(b.take(), 10);
  b.add(50, 50, 1);
  b.add(60, 80, 3);
  EXPECT_EQ(b.size(), 7u);
  EXPECT_EQ(drain(b), (std::vector<std::int64_t>{20, 30, 40, 50, 60, 70, 80}));
}

TEST(tick_backlog, long_runs_stay_exact) {
  tick_backlog b;
  // A stall of an hour at one tick every 1.5 ms: 2.4 million ticks.
  const std::int64_t interval = 1'500'000;
  const std::uint64_t n = 2'400'000;
  const std::int64_t first = 123'456'789;
  b.add(first, first + static_cast<std::int64_t>(n - 1) * interval, n);
  for (std::uint64_t i = 0; i < n; ++i)
    ASSERT_EQ(b.take(), first + static_cast<std::int64_t>(i) * interval) << i;
  EXPECT_TRUE(b.empty());
}

// Shaped ticks: only the ends of a span are kept; what comes back is spread
// between them, in order, starting at the first and ending at the last.
struct spread_case {
  const char* name;
  std::int64_t first_due;
  std::int64_t last_due;
  std::uint64_t n;
  std::int64_t max_step; // the widest gap allowed between two ticks
};

TEST(tick_backlog, spans_spread_in_order_within_the_first_and_last_due_time) {
  const spread_case cases[] = {
    {"uneven span, spread evenly", 100, 107, 4, 3},
    {"more ticks than nanoseconds", 10, 12, 6, 2},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    tick_backlog b;
    b.add(c.first_due, c.last_due, c.n);
    auto got = drain(b);
    ASSERT_EQ(got.size(), c.n);
    EXPECT_EQ(got.front(), c.first_due);
    EXPECT_EQ(got.back(), c.last_due);
    for (std::size_t i = 1; i < got.size(); ++i) {
      EXPECT_GE(got[i], got[i - 1]);
      EXPECT_LE(got[i] - got[i - 1], c.max_step);
    }
  }
}

} // namespace
} // namespace throng::model
