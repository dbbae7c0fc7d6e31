// Tests of load_shape (ramps, steps, spikes, the spawn rate) and of
// parse_stage.

#include "config/load_shape.hpp"

#include <gtest/gtest.h>

namespace throng::config {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

load_stage stage(milliseconds d, std::optional<std::size_t> accounts,
                 std::optional<double> rpm = std::nullopt) {
  return load_stage{d, accounts, rpm};
}

std::size_t accounts_at(const load_shape& s, milliseconds t) {
  return s.at(t).accounts;
}

TEST(load_shape, without_stages_holds_the_start) {
  load_shape s{10, 600, {}};
  EXPECT_EQ(s.total_duration(), milliseconds(0));
  auto t = s.at(seconds(100));
  EXPECT_EQ(t.accounts, 10u);
  EXPECT_EQ(t.rpm, 600);
  EXPECT_EQ(t.stage, 0u);
}

TEST(load_shape, ramps_linearly_toward_each_target) {
  load_shape s{10, 600, {stage(seconds(10), 20, 1200), stage(seconds(10), 0)}};
  EXPECT_EQ(s.total_duration(), seconds(20));
  EXPECT_EQ(accounts_at(s, seconds(0)), 10u);
  EXPECT_EQ(accounts_at(s, seconds(5)), 15u);
  EXPECT_DOUBLE_EQ(s.at(seconds(5)).rpm, 900);
  EXPECT_EQ(s.at(seconds(5)).stage, 0u);
  EXPECT_EQ(accounts_at(s, seconds(10)), 20u);
  // The second stage leaves the rate alone and ramps back to zero.
  EXPECT_EQ(accounts_at(s, seconds(15)), 10u);
  EXPECT_DOUBLE_EQ(s.at(seconds(15)).rpm, 1200);
  EXPECT_EQ(s.at(seconds(15)).stage, 1u);
  EXPECT_EQ(accounts_at(s, seconds(20)), 0u);
  EXPECT_EQ(s.at(seconds(20)).stage, 2u);
  EXPECT_EQ(accounts_at(s, seconds(60)), 0u);
}

TEST(load_shape, a_stage_of_no_duration_is_a_step) {
  load_shape s{5, 600, {stage(seconds(2), std::nullopt), stage(milliseconds(0), 50),
                        stage(seconds(3), std::nullopt)}};
  EXPECT_EQ(accounts_at(s, milliseconds(1999)), 5u);
  EXPECT_EQ(accounts_at(s, seconds(2)), 50u);
  EXPECT_EQ(s.at(seconds(2)).stage, 2u); // the step is over as soon as it starts
  EXPECT_EQ(accounts_at(s, seconds(4)), 50u);
}

TEST(load_shape, a_spike_goes_up_and_comes_back) {
  load_shape s{10, 600, {stage(seconds(1), std::nullopt), stage(milliseconds(0), 100, 6000),
                         stage(seconds(1), std::nullopt), stage(milliseconds(0), 10, 600),
                         stage(seconds(1), std::nullopt)}};
  EXPECT_EQ(accounts_at(s, milliseconds(500)), 10u);
  EXPECT_EQ(accounts_at(s, milliseconds(1500)), 100u);
  EXPECT_DOUBLE_EQ(s.at(milliseconds(1500)).rpm, 6000);
  EXPECT_EQ(accounts_at(s, milliseconds(2500)), 10u);
  EXPECT_DOUBLE_EQ(s.at(milliseconds(2500)).rpm, 600);
}

TEST(load_shape, spawn_rate_limits_additions_not_removals) {
  // A step to 100 accounts at 10 a second takes 9 s; the drop is at once.
  load_shape s{10, 600, {stage(milliseconds(0), 100), stage(seconds(20), std::nullopt),
                         stage(milliseconds(0), 5), stage(seconds(5), std::nullopt)},
               10};
  EXPECT_EQ(accounts_at(s, seconds(0)), 10u);
  EXPECT_EQ(accounts_at(s, seconds(1)), 20u);
  EXPECT_EQ(accounts_at(s, milliseconds(4500)), 55u);
  EXPECT_EQ(accounts_at(s, seconds(9)), 100u);
  EXPECT_EQ(accounts_at(s, seconds(15)), 100u);
  EXPECT_EQ(accounts_at(s, seconds(20)), 5u);
  EXPECT_EQ(accounts_at(s, seconds(24)), 5u);
}

TEST(load_shape, spawn_rate_slower_than_a_ramp_lags_behind_it) {
  load_shape s{0, 600, {stage(seconds(10), 100), stage(seconds(10), std::nullopt)}, 5};
  EXPECT_EQ(accounts_at(s, seconds(2)), 10u);  // the ramp asks for 20
  EXPECT_EQ(accounts_at(s, seconds(10)), 50u); // it asks for 100
  EXPECT_EQ(accounts_at(s, seconds(20)), 100u);
}

TEST(load_shape, ramping_down_ignores_the_spawn_rate) {
  load_shape s{100, 600, {stage(seconds(10), 0)}, 1};
  EXPECT_EQ(accounts_at(s, seconds(5)), 50u);
  EXPECT_EQ(accounts_at(s, seconds(10)), 0u);
}

TEST(load_shape, parses_stages) {
  auto s = parse_stage("30s:accounts=100,rpm=6000");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->duration, seconds(30));
  EXPECT_EQ(s->accounts, 100u);
  EXPECT_EQ(s->rpm, 6000);
  s = parse_stage("0:accounts=0");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->duration, milliseconds(0));
  EXPECT_EQ(s->accounts, 0u);
  EXPECT_FALSE(s->rpm);
  s = parse_stage("1.5m:rpm=100");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->duration, seconds(90));
  EXPECT_FALSE(s->accounts);
}

TEST(load_shape, rejects_bad_stages_saying_why) {
  auto message = [](const std::string& text) {
    auto s = parse_stage(text);
    EXPECT_FALSE(s) << text;
    return s ? std::string{} : s.error().message;
  };
  EXPECT_NE(message("30s").find("DURATION:accounts=N"), std::string::npos);
  EXPECT_NE(message("30:accounts=1").find("unit"), std::string::npos);
  EXPECT_NE(message("30s:").find("give accounts"), std::string::npos);
  EXPECT_NE(message("30s:accounts=-1").find("whole number"), std::string::npos);
  EXPECT_NE(message("30s:accounts=x").find("whole number"), std::string::npos);
  EXPECT_NE(message("30s:rpm=0").find("more than 0"), std::string::npos);
  EXPECT_NE(message("30s:users=3").find("unknown or repeated key 'users'"), std::string::npos);
  EXPECT_NE(message("30s:accounts=1,accounts=2").find("repeated"), std::string::npos);
}

} // namespace
} // namespace throng::config
