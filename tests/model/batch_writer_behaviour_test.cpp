// Tests of the `batch-writer` behaviour: a chained burst every period, and the
// parameters it rejects.

#include "model/batch_writer_behaviour.hpp"

#include <gtest/gtest.h>

#include <map>

#include "account_driver.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

TEST(batch_writer_behaviour, idles_then_writes_a_chained_burst_every_period) {
  population_spec spec;
  spec.period = std::chrono::nanoseconds{1000};
  spec.burst = 4;
  spec.notes_per_account = 3;
  auto b = batch_writer_behaviour::create(spec);
  ASSERT_TRUE(b);
  auto settings = testing::test_settings();
  account a{settings, **b, 5};
  account_driver d;
  ASSERT_TRUE(d.step(a, 0)); // sign-up
  // Ticks every 100 ns from 100; a chained request goes out at once.
  for (std::int64_t t = 100; t <= 3050; t += 100)
    while (d.step(a, t) && d.steps.back().request.chain) {
    }
  EXPECT_TRUE(d.violations.empty());
  std::map<std::int64_t, int> writes_at;
  for (std::size_t i = 1; i < d.steps.size(); ++i) {
    auto& s = d.steps[i];
    if (s.idle)
      continue;
    ++writes_at[s.now_ns];
    EXPECT_TRUE(s.request.op == operation::create_note
                || s.request.op == operation::update_note);
  }
  // The account's first step is at 100: bursts at 100, 1100, 2100, 3100.
  std::map<std::int64_t, int> expected{{100, 4}, {1100, 4}, {2100, 4}};
  EXPECT_EQ(writes_at, expected);
  // Within a burst every write but the last asks to be chained.
  std::vector<bool> chains;
  for (auto& s : d.steps) {
    if (!s.idle && s.now_ns == 1100)
      chains.push_back(s.request.chain);
  }
  EXPECT_EQ(chains, (std::vector<bool>{true, true, true, false}));
  // Between bursts, every tick idles.
  for (std::size_t i = 1; i < d.steps.size(); ++i) {
    if (d.steps[i].now_ns % 1000 != 100) {
      EXPECT_TRUE(d.steps[i].idle) << d.steps[i].now_ns;
    }
  }
}

TEST(batch_writer_behaviour, rejects_a_zero_period_or_burst) {
  population_spec spec;
  spec.period = std::chrono::nanoseconds{0};
  EXPECT_FALSE(batch_writer_behaviour::create(spec));
  spec.period = std::chrono::seconds{1};
  spec.burst = 0;
  EXPECT_FALSE(batch_writer_behaviour::create(spec));
}

} // namespace
} // namespace throng::model
