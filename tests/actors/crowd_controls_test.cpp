// Tests of crowd_controls: requests checked and queued, the account limit,
// populations made for new behaviours, the wake-up, close, and the status.

#include "actors/crowd_controls.hpp"

#include <gtest/gtest.h>

#include "http/message.hpp"
#include "tests/actors/crowd_parts.hpp"

namespace throng::actors {
namespace {

struct crowd_controls_test : ::testing::Test {
  run_control control;
  crowd_controls controls{control, test::populations(), 9, 4};
};

TEST_F(crowd_controls_test, requests_are_queued_in_order_and_taken_once) {
  ASSERT_TRUE(controls.add_accounts(2, "random"));
  ASSERT_TRUE(controls.remove_accounts(1));
  ASSERT_TRUE(controls.set_rpm(600));
  auto q = controls.take();
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].what, control_request::kind::add);
  EXPECT_EQ(q[0].n, 2u);
  EXPECT_EQ(q[0].population, &controls.population(0));
  EXPECT_EQ(q[1].what, control_request::kind::remove);
  EXPECT_EQ(q[1].n, 1u);
  EXPECT_EQ(q[2].what, control_request::kind::rate);
  EXPECT_EQ(q[2].rpm, 600);
  EXPECT_TRUE(controls.take().empty());
}

TEST_F(crowd_controls_test, a_behaviour_no_population_has_gets_a_population_of_its_own) {
  EXPECT_EQ(controls.population_count(), 1u);
  ASSERT_TRUE(controls.add_accounts(1, "reader"));
  ASSERT_TRUE(controls.add_accounts(1, "reader"));
  auto q = controls.take();
  ASSERT_EQ(q.size(), 2u);
  const auto* readers = q[0].population;
  EXPECT_EQ(readers->spec.name, "reader");
  EXPECT_EQ(readers->spec.behaviour, "reader");
  EXPECT_EQ(readers->spec.notes_per_account, 9u);
  EXPECT_EQ(q[1].population, readers);
  EXPECT_EQ(controls.population_count(), 1u); // the run's own, as given
}

TEST_F(crowd_controls_test, an_unknown_behaviour_is_refused_naming_the_field) {
  auto r = controls.add_accounts(1, "dancer");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().what, control::control_error::kind::bad_value);
  EXPECT_EQ(r.error().field, "behaviour");
  EXPECT_NE(r.error().message.find("dancer"), std::string::npos);
  EXPECT_TRUE(controls.take().empty());
}

TEST_F(crowd_controls_test, additions_past_the_account_limit_are_refused_queued_ones_count) {
  controls.made(2);
  auto too_many = controls.add_accounts(3, "random");
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "add");
  EXPECT_EQ(too_many.error().message,
            "cannot add 3 accounts: only 2 account indexes are left (2 accounts made in this "
            "run)");
  ASSERT_TRUE(controls.add_accounts(2, "random"));
  auto used_up = controls.add_accounts(1, "random");
  ASSERT_FALSE(used_up);
  EXPECT_EQ(used_up.error().message,
            "cannot add 1 account: account indexes are used up (4 accounts made in this run)");
}

TEST_F(crowd_controls_test, wake_is_called_for_each_request_and_stop_until_closed) {
  int woken = 0;
  controls.on_request([&] { ++woken; });
  ASSERT_TRUE(controls.add_accounts(1, "random"));
  ASSERT_TRUE(controls.set_rpm(60));
  EXPECT_FALSE(controls.add_accounts(1, "dancer"));
  EXPECT_EQ(woken, 2);
  EXPECT_FALSE(controls.stop_requested());
  controls.stop();
  EXPECT_TRUE(controls.stop_requested());
  EXPECT_EQ(woken, 3);
  controls.close();
  controls.stop();
  EXPECT_EQ(woken, 3);
}

TEST_F(crowd_controls_test, a_closed_run_refuses_everything_and_says_it_is_stopping) {
  ASSERT_TRUE(controls.remove_accounts(1));
  controls.close();
  EXPECT_TRUE(controls.take().empty());
  for (auto r : {controls.add_accounts(1, "random"), controls.remove_accounts(1),
                 controls.set_rpm(60)}) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().what, control::control_error::kind::stopping);
    EXPECT_EQ(r.error().message, "the run is stopping");
  }
  EXPECT_TRUE(controls.status().stopping);
}

TEST_F(crowd_controls_test, status_is_what_was_published_with_the_running_totals) {
  EXPECT_EQ(controls.status().elapsed_s, 0); // not started
  control::crowd_status s;
  s.accounts = 3;
  s.by_population = {{"random", 3}};
  s.rpm = 1200;
  s.stage = 2;
  controls.publish(s);
  control.live_accounts = 5;
  control.requests = 100;
  control.errors = 4;
  control.violations = 1;
  control.start_ns = http::now_ns();
  auto got = controls.status();
  EXPECT_EQ(got.accounts, 3u);
  EXPECT_EQ(got.by_population, s.by_population);
  EXPECT_EQ(got.rpm, 1200);
  EXPECT_EQ(got.stage, 2u);
  EXPECT_EQ(got.running, 5);
  EXPECT_EQ(got.requests, 100u);
  EXPECT_EQ(got.errors, 4u);
  EXPECT_EQ(got.violations, 1u);
  EXPECT_GE(got.elapsed_s, 0);
  EXPECT_FALSE(got.stopping);
}

TEST(cannot_add, names_one_account_in_the_singular) {
  EXPECT_EQ(cannot_add(1, 1, 0),
            "cannot add 1 account: account indexes are used up (1 account made in this run)");
}

} // namespace
} // namespace throng::actors
