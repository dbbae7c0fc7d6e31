// Tests of the `batch-writer` and `stream-writer` behaviours: when each sends
// its writes, what it writes, how the stream writer catches up, and the
// parameters both refuse by name.

#include "model/periodic_writer_behaviour.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "account_driver.hpp"
#include "model/behaviour_registry.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

const std::pair<std::string, behaviour_factory> writers[] = {
  {"batch-writer", &periodic_writer_behaviour::create_batch_writer},
  {"stream-writer", &periodic_writer_behaviour::create_stream_writer},
};

// Four writes every 1000 ns, up to `notes_cap` notes.
population_spec four_every_microsecond(std::size_t notes_cap) {
  population_spec spec;
  spec.period = std::chrono::nanoseconds{1000};
  spec.burst = 4;
  spec.notes_per_account = notes_cap;
  return spec;
}

// A write as the driver saw it go out: when, and whether it asked to be
// chained to the next.
using sent_write = std::pair<std::int64_t, bool>;

// When a writer sends: account `index` signs up at 0, then gets a tick every
// `tick_ns` from 100 to 3050; a chained request goes out at once.
struct timing_case {
  std::string name;
  behaviour_factory create;
  std::uint32_t index;
  std::int64_t tick_ns;
  std::vector<sent_write> writes;
};

std::vector<timing_case> timing_cases() {
  // The account's first step is at 100: bursts at 100, 1100, 2100 (3100 is
  // past the end); within a burst every write but the last asks to be
  // chained, and between bursts every tick idles.
  std::vector<sent_write> bursts;
  for (std::int64_t t : {100, 1100, 2100})
    for (int k = 0; k < 4; ++k)
      bursts.emplace_back(t, k < 3);
  // The same volume spread out: one every 250 ns from 100, none chained.
  std::vector<sent_write> spread;
  for (std::int64_t t = 100; t <= 3050; t += 250)
    spread.emplace_back(t, false);
  return {
    {"batch-writer", &periodic_writer_behaviour::create_batch_writer, 5, 100, bursts},
    {"stream-writer", &periodic_writer_behaviour::create_stream_writer, 6, 50, spread},
  };
}

TEST(periodic_writer_behaviour, each_pacing_sends_its_writes_when_due) {
  for (const auto& c : timing_cases()) {
    SCOPED_TRACE(c.name);
    auto b = c.create(four_every_microsecond(3));
    ASSERT_TRUE(b);
    account_driver d;
    auto& a = d.open(**b, c.index);
    ASSERT_TRUE(d.step(a, 0)); // sign-up
    for (std::int64_t t = 100; t <= 3050; t += c.tick_ns)
      while (d.step(a, t) && d.steps.back().request.chain) {
      }
    EXPECT_TRUE(d.violations.empty());
    std::vector<sent_write> sent;
    for (std::size_t i = 1; i < d.steps.size(); ++i) {
      auto& s = d.steps[i];
      if (s.idle)
        continue;
      sent.emplace_back(s.now_ns, s.request.chain);
      EXPECT_TRUE(s.request.op == operation::create_note
                  || s.request.op == operation::update_note);
    }
    EXPECT_EQ(sent, c.writes);
  }
}

TEST(periodic_writer_behaviour, a_stream_writer_catches_up_one_write_per_tick_after_a_gap) {
  auto b = periodic_writer_behaviour::create_stream_writer(
    four_every_microsecond(population_spec{}.notes_per_account));
  ASSERT_TRUE(b);
  account_driver d;
  auto& a = d.open(**b, 7);
  d.step(a, 0);                  // sign-up
  EXPECT_TRUE(d.step(a, 0));     // the first write, due at once
  EXPECT_TRUE(d.step(a, 1000));  // three more are due by 1000 (and a fourth)
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_TRUE(d.step(a, 1000));
  EXPECT_FALSE(d.step(a, 1000));
}

TEST(periodic_writer_behaviour, a_zero_period_or_burst_is_refused_by_name) {
  population_spec zero_period;
  zero_period.period = std::chrono::nanoseconds{0};
  population_spec zero_burst;
  zero_burst.burst = 0;
  population_spec zero_burst_one_second = zero_burst;
  zero_burst_one_second.period = std::chrono::seconds{1};
  for (const auto& [name, create] : writers) {
    for (const auto& spec : {zero_period, zero_burst, zero_burst_one_second}) {
      auto b = create(spec);
      ASSERT_FALSE(b) << name;
      EXPECT_EQ(b.error().what, behaviour_error::kind::bad_parameters);
      EXPECT_EQ(b.error().name, name);
      EXPECT_EQ(b.error().message, "behaviour '" + name + "': period and burst must be positive");
    }
  }
}

TEST(periodic_writer_behaviour, writes_create_notes_up_to_the_cap_then_update_them) {
  for (const auto& [name, create] : writers) {
    auto b = create(four_every_microsecond(3));
    ASSERT_TRUE(b) << name;
    account_driver d;
    auto& a = d.open(**b, 9);
    d.run(a, 200, 0, 50); // sign-up at 0, then ticks every 50 ns
    EXPECT_TRUE(d.violations.empty()) << name;
    auto ops = d.ops();
    ASSERT_GT(ops.size(), 20u) << name;
    EXPECT_EQ(ops[0], operation::signup);
    EXPECT_EQ(ops[1], operation::create_note) << name; // no note yet
    int creates = 0;
    for (std::size_t i = 1; i < ops.size(); ++i) {
      creates += ops[i] == operation::create_note;
      EXPECT_TRUE(ops[i] == operation::update_note || ops[i] == operation::create_note)
        << name << " step " << i;
      EXPECT_LE(creates, 3) << name << " step " << i;
    }
    EXPECT_EQ(creates, 3) << name;
    EXPECT_EQ(a.state().notes.size(), 3u) << name;
  }
}

} // namespace
} // namespace throng::model
