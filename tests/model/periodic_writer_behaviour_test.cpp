// Tests of what the batch and stream writers share, through both of them.

#include "model/periodic_writer_behaviour.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "account_driver.hpp"
#include "model/batch_writer_behaviour.hpp"
#include "model/behaviour_registry.hpp"
#include "model/stream_writer_behaviour.hpp"

namespace throng::model {
namespace {

using protocol::operation;
using testing::account_driver;

const std::pair<std::string, behaviour_factory> writers[] = {
  {"batch-writer", &batch_writer_behaviour::create},
  {"stream-writer", &stream_writer_behaviour::create},
};

TEST(periodic_writer_behaviour, a_zero_period_or_burst_is_refused_by_name) {
  for (const auto& [name, create] : writers) {
    population_spec zero_period;
    zero_period.period = std::chrono::nanoseconds{0};
    population_spec zero_burst;
    zero_burst.burst = 0;
    for (const auto& spec : {zero_period, zero_burst}) {
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
    population_spec spec;
    spec.period = std::chrono::nanoseconds{1000};
    spec.burst = 4;
    spec.notes_per_account = 3;
    auto b = create(spec);
    ASSERT_TRUE(b) << name;
    auto settings = testing::test_settings();
    account a{settings, **b, 9};
    account_driver d;
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
