// Tests of run_steering: the crowd along the load shape, the stages and
// control requests as run events, the rate sent to the ticker, the status
// published and on_step.

#include "actors/run_steering.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <sstream>

#include <caf/all.hpp>

#include "tests/actors/crowd_parts.hpp"

namespace throng::actors {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// From 2 accounts at 600 rpm: a step to 4 accounts, a ramp to 1200 rpm
/// over a second, a step down to 1 account.
config::load_shape test_shape() {
  return config::load_shape{2, 600,
                    {{milliseconds(0), 4, std::nullopt},
                     {milliseconds(1000), std::nullopt, 1200},
                     {milliseconds(0), 1, std::nullopt}}};
}

struct run_steering_test : ::testing::Test {
  run_steering_test() : ticker{sys} {
    controls.emplace(control, test::populations(), 5, 1000);
    members.emplace(test::plan_of(*controls, 2, 1000), *controls,
                    [](std::uint32_t, const population_slot&, model::tick_inbox*) { return caf::actor{}; }, log);
    // As the coordinator does: the first accounts, then the start.
    members->add(shape.at(std::chrono::nanoseconds{0}).accounts, nullptr);
    members->start(caf::actor_cast<caf::actor>(ticker.ptr()));
    steering.emplace(shape, *members, *controls, caf::actor_cast<caf::actor>(ticker.ptr()),
                     [this](control::run_controller& c) { seen.push_back(c.status().accounts); });
  }

  /// Returns the rates sent to the ticker since the last call.
  std::vector<double> rates() {
    std::vector<double> out;
    bool more = true;
    while (more)
      ticker->receive([&](rate_atom, double r) { out.push_back(r); },
                      [](ticker_join&) {}, [](ticker_leave&) {},
                      caf::after(seconds(0)) >> [&] { more = false; });
    return out;
  }

  /// Returns the labels of the events so far, with their times.
  std::vector<std::pair<double, std::string>> events() {
    std::vector<std::pair<double, std::string>> out;
    for (auto& e : steering->take_events())
      out.emplace_back(e.at_s, e.label);
    return out;
  }

  using labels = std::vector<std::pair<double, std::string>>;

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor ticker;
  run_control control;
  std::optional<crowd_controls> controls;
  std::ostringstream log;
  config::load_shape shape = test_shape();
  std::optional<crowd> members;
  std::vector<std::size_t> seen; // the accounts on_step saw
  std::optional<run_steering> steering;
};

TEST_F(run_steering_test, the_stages_under_way_at_the_start_are_events_at_0_s) {
  EXPECT_EQ(events(), (labels{{0, "stage 1: 4 accounts"}, {0, "stage 2: 1200 rpm over 1 s"}}));
  auto s = controls->status();
  EXPECT_EQ(s.accounts, 4u);
  EXPECT_EQ(s.rpm, 600);
  EXPECT_EQ(s.stage, 1u);
  EXPECT_EQ(steering->peak_accounts(), 4u);
  EXPECT_TRUE(seen.empty());
}

TEST_F(run_steering_test, each_step_follows_the_shape_publishes_and_calls_on_step) {
  events();
  steering->step(milliseconds(500));
  EXPECT_EQ(rates(), (std::vector<double>{900}));
  EXPECT_EQ(controls->status().rpm, 900);
  EXPECT_EQ(members->size(), 4u);
  steering->step(milliseconds(1000));
  EXPECT_EQ(events(), (labels{{1, "stage 3: 1 accounts"}}));
  EXPECT_EQ(members->size(), 1u);
  EXPECT_EQ(rates(), (std::vector<double>{1200}));
  EXPECT_EQ(controls->status().stage, 3u);
  EXPECT_EQ(seen, (std::vector<std::size_t>{4, 1}));
  steering->step(milliseconds(1100)); // nothing changes: no new rate
  EXPECT_TRUE(rates().empty());
  EXPECT_EQ(steering->peak_accounts(), 4u);
}

TEST_F(run_steering_test, what_the_control_api_adds_or_removes_shifts_the_shape) {
  events();
  ASSERT_TRUE(controls->add_accounts(3, "random"));
  steering->take_requests(milliseconds(200));
  EXPECT_EQ(events(), (labels{{0.2, "+3 accounts (random)"}}));
  EXPECT_EQ(members->size(), 7u);
  EXPECT_EQ(controls->status().accounts, 7u); // published at once
  steering->step(milliseconds(500));
  EXPECT_EQ(members->size(), 7u);
  ASSERT_TRUE(controls->remove_accounts(10));
  steering->step(milliseconds(600));
  EXPECT_EQ(events(), (labels{{0.6, "-7 accounts"}}));
  EXPECT_EQ(members->size(), 0u); // the shape's 4, less the 4 the API took off in all
  steering->step(milliseconds(1000));
  EXPECT_EQ(members->size(), 0u);
  EXPECT_EQ(steering->peak_accounts(), 7u);
}

TEST_F(run_steering_test, a_rate_set_by_the_control_api_holds_for_the_rest_of_the_run) {
  ASSERT_TRUE(controls->set_rpm(60));
  steering->step(milliseconds(500));
  EXPECT_EQ(rates(), (std::vector<double>{60}));
  steering->step(milliseconds(1000));
  EXPECT_TRUE(rates().empty());
  EXPECT_EQ(controls->status().rpm, 60);
  auto e = events();
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[2], (std::pair<double, std::string>{0.5, "rate 60 rpm"}));
}

TEST(run_steering, a_stage_without_targets_is_a_hold) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  run_control control;
  crowd_controls controls{control, test::populations(), 5, 10};
  std::ostringstream log;
  crowd members{test::plan_of(controls, 1, 10), controls,
                [](std::uint32_t, const population_slot&, model::tick_inbox*) { return caf::actor{}; }, log};
  config::load_shape shape{1, 60, {{milliseconds(2500), std::nullopt, std::nullopt}}};
  run_steering steering{shape, members, controls, caf::actor{}, {}};
  auto e = steering.take_events();
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].label, "stage 1: hold over 2.5 s");
}

} // namespace
} // namespace throng::actors
