// Tests of the `stream-writer` behaviour: writes spread evenly over the period,
// and one write per tick to catch up after a gap.

#include "model/stream_writer_behaviour.hpp"

#include <gtest/gtest.h>

#include "account_driver.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

TEST(stream_writer_behaviour, spreads_the_writes_evenly_over_the_period) {
  population_spec spec;
  spec.period = std::chrono::nanoseconds{1000};
  spec.burst = 4;
  spec.notes_per_account = 3;
  auto b = stream_writer_behaviour::create(spec);
  ASSERT_TRUE(b);
  auto settings = testing::test_settings();
  account a{settings, **b, 6};
  account_driver d;
  ASSERT_TRUE(d.step(a, 0)); // sign-up
  d.run(a, 60, 100, 50);     // ticks every 50 ns from 100 to 3050
  EXPECT_TRUE(d.violations.empty());
  std::vector<std::int64_t> times;
  for (std::size_t i = 1; i < d.steps.size(); ++i) {
    auto& s = d.steps[i];
    if (s.idle)
      continue;
    times.push_back(s.now_ns);
    EXPECT_FALSE(s.request.chain);
    EXPECT_TRUE(s.request.op == operation::create_note
                || s.request.op == operation::update_note);
  }
  // Same volume as the batch writer (4 per 1000 ns), one every 250 ns from
  // the first step at 100.
  std::vector<std::int64_t> expected;
  for (std::int64_t t = 100; t <= 3050; t += 250)
    expected.push_back(t);
  EXPECT_EQ(times, expected);
}

TEST(stream_writer_behaviour, catches_up_one_write_per_tick_after_a_gap) {
  population_spec spec;
  spec.period = std::chrono::nanoseconds{1000};
  spec.burst = 4;
  auto b = stream_writer_behaviour::create(spec);
  ASSERT_TRUE(b);
  auto settings = testing::test_settings();
  account a{settings, **b, 7};
  account_driver d;
  d.step(a, 0);                  // sign-up
  EXPECT_TRUE(d.step(a, 0));     // the first write, due at once
  EXPECT_TRUE(d.step(a, 1000));  // three more are due by 1000 (and a fourth)
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_FALSE(d.step(a, 1000));
}

} // namespace
} // namespace throng::model
