// Runs a crowd (crowd_run) with a load shape and drives it through its run-time
// controls against the reference service, in the process.

#include "actors/crowd_run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "crowd_run.hpp"

namespace throng::testing {
namespace {

using std::chrono::milliseconds;

struct crowd_test : ::testing::Test {
  void SetUp() override {
    srv = start_service({});
    ASSERT_TRUE(srv);
  }

  /// The options of a crowd that starts with `accounts` at `rpm`.
  actors::run_options options(std::size_t accounts, double rpm) const {
    actors::run_options o;
    o.target = "http://127.0.0.1:" + std::to_string(srv->port());
    o.accounts = accounts;
    o.rpm = rpm;
    o.notes_per_account = 5;
    o.connections = 4;
    o.seed = 9;
    o.timeout = milliseconds(5000);
    o.connect_wait = milliseconds(2000);
    // Long enough never to end a test by itself; each test stops its run.
    o.duration = std::chrono::minutes(2);
    return o;
  }

  std::unique_ptr<server::notes_server> srv;
};

/// Returns `v` without consecutive repeats.
std::vector<std::size_t> distinct_runs(const std::vector<std::size_t>& v) {
  std::vector<std::size_t> out;
  for (auto x : v)
    if (out.empty() || out.back() != x)
      out.push_back(x);
  return out;
}

bool has_event(const actors::run_result& r, const std::string& label) {
  return std::any_of(r.events.begin(), r.events.end(),
                     [&](const stats::run_event& e) { return e.label == label; });
}

/// Expects each of `labels` among the events of `r`.
void expect_events(const actors::run_result& r, std::initializer_list<const char*> labels) {
  for (const char* label : labels)
    EXPECT_TRUE(has_event(r, label)) << label;
}

TEST_F(crowd_test, live_accounts_follow_the_stages) {
  auto o = options(2, 6000);
  o.stages = {{milliseconds(400), 6, std::nullopt},  // ramp 2 -> 6
              {milliseconds(0), 10, 12000},          // step up
              {milliseconds(1000), std::nullopt, std::nullopt},
              {milliseconds(0), 3, std::nullopt},    // step down
              {milliseconds(1000), std::nullopt, std::nullopt},
              {milliseconds(0), 0, std::nullopt},    // back to zero
              {milliseconds(600), std::nullopt, std::nullopt}};
  std::vector<std::size_t> live;
  std::vector<double> rpm;
  std::int64_t running_at_end = -1;
  int steps = 0;
  o.on_step = [&](control::run_controller& c) {
    auto s = c.status();
    live.push_back(s.accounts);
    rpm.push_back(s.rpm);
    // Once the last stage is over, wait for every account to have left
    // (an account leaves when its request in flight is answered), up to
    // 30 s in all.
    if (s.stage == 7)
      running_at_end = s.running;
    if ((s.stage == 7 && s.running == 0) || ++steps > 300)
      c.stop();
  };
  auto r = run_crowd(o);
  auto seq = distinct_runs(live);
  ASSERT_GE(seq.size(), 3u);
  // Up the ramp (never past its target), the step to 10, then 3, then 0.
  auto ten = std::find(seq.begin(), seq.end(), 10u);
  ASSERT_NE(ten, seq.end()) << ::testing::PrintToString(seq);
  EXPECT_TRUE(std::is_sorted(seq.begin(), ten)) << ::testing::PrintToString(seq);
  for (auto it = seq.begin(); it != ten; ++it)
    EXPECT_LE(*it, 6u);
  EXPECT_EQ(std::vector<std::size_t>(ten, seq.end()), (std::vector<std::size_t>{10, 3, 0}));
  EXPECT_EQ(rpm.back(), 12000);
  EXPECT_EQ(r.peak_accounts, 10u);
  EXPECT_EQ(r.final_accounts, 0u);
  EXPECT_EQ(running_at_end, 0) << "accounts still running after leaving";
  // Every account that joined signed up; none saw a violation.
  EXPECT_GE(r.stats.ops[static_cast<std::size_t>(protocol::operation::signup)].count, 10u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_EQ(r.stats.total, r.stats.ok + r.stats.failed);
  expect_events(r, {"stage 1: 6 accounts over 0.4 s", "stage 2: 10 accounts, 12000 rpm",
                    "stage 6: 0 accounts"});
}

TEST_F(crowd_test, spawn_rate_adds_accounts_gradually) {
  auto o = options(1, 6000);
  o.stages = {{milliseconds(0), 6, std::nullopt}};
  o.spawn_rate = 5; // one account every 200 ms
  struct sample {
    double after_s; // since before the run began: never less than the run's own clock
    std::size_t accounts;
  };
  std::vector<sample> samples;
  int steps = 0;
  int steps_at_six = 0;
  const auto began = std::chrono::steady_clock::now();
  o.on_step = [&](control::run_controller& c) {
    const auto n = c.status().accounts;
    samples.push_back(
      {std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count(), n});
    // Stop a few steps after the sixth account (checking none follow), or
    // after 30 s if it never comes: the run is bounded by steps, not by time.
    if ((n == 6 && ++steps_at_six == 3) || ++steps > 300)
      c.stop();
  };
  auto r = run_crowd(o);
  ASSERT_FALSE(samples.empty());
  std::vector<std::size_t> live;
  for (const auto& s : samples) {
    live.push_back(s.accounts);
    // However late a step comes, no more accounts have joined than the rate
    // allows for the time gone by.
    EXPECT_LE(static_cast<double>(s.accounts), 1 + 5 * s.after_s + 1e-6)
      << "at " << s.after_s << " s";
  }
  auto seq = distinct_runs(live);
  EXPECT_EQ(seq.back(), 6u) << ::testing::PrintToString(seq);
  EXPECT_LT(seq.front(), 6u) << ::testing::PrintToString(seq);
  EXPECT_TRUE(std::is_sorted(seq.begin(), seq.end())) << ::testing::PrintToString(seq);
  EXPECT_EQ(r.peak_accounts, 6u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
}

TEST_F(crowd_test, accounts_added_and_removed_while_running) {
  auto o = options(4, 12000);
  enum class phase { warm_up, added, removed, done } at = phase::warm_up;
  int steps = 0;
  std::uint64_t requests_when_added = 0;
  control::crowd_status last;
  protocol::result<bool, control::control_error> unknown = true;
  o.on_step = [&](control::run_controller& c) {
    auto s = c.status();
    last = s;
    ++steps;
    if (steps > 300) { // 30 s: something is stuck; the assertions say what
      c.stop();
      return;
    }
    switch (at) {
      case phase::warm_up:
        if (s.requests > 0 && steps >= 3) {
          ASSERT_TRUE(c.add_accounts(6, "random"));
          ASSERT_TRUE(c.add_accounts(2, "reader"));
          unknown = c.add_accounts(1, "dancer");
          requests_when_added = s.requests;
          at = phase::added;
        }
        break;
      case phase::added:
        // Wait for the new accounts to sign up and work a little.
        if (s.accounts == 12 && s.requests > requests_when_added + 200) {
          ASSERT_TRUE(c.remove_accounts(9));
          at = phase::removed;
        }
        break;
      case phase::removed:
        if (s.accounts == 3 && s.running == 3) {
          at = phase::done;
          c.stop();
        }
        break;
      case phase::done:
        break;
    }
  };
  auto r = run_crowd(o);
  EXPECT_EQ(at, phase::done) << "stuck with " << last.accounts << " accounts, "
                             << last.running << " running";
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "behaviour");
  EXPECT_NE(unknown.error().message.find("dancer"), std::string::npos);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.peak_accounts, 12u);
  EXPECT_EQ(r.final_accounts, 3u);
  EXPECT_GE(r.stats.ops[static_cast<std::size_t>(protocol::operation::signup)].count, 12u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_EQ(r.stats.failed, 0u);
  expect_events(r, {"+6 accounts (random)", "+2 accounts (reader)", "-9 accounts"});
}

TEST_F(crowd_test, a_new_rate_applies_at_once) {
  auto o = options(10, 60); // one request a second for the whole crowd
  int steps = 0;
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  o.on_step = [&](control::run_controller& c) {
    ++steps;
    if (steps == 5) {
      before = c.status().requests;
      ASSERT_TRUE(c.set_rpm(60'000));
    } else if (steps > 5) {
      after = c.status().requests;
      EXPECT_EQ(c.status().rpm, 60'000);
      // At the old rate 100 more requests would take 100 s; at the new one
      // a tenth of a second. Give up after 30 s.
      if (after > before + 100 || steps > 300)
        c.stop();
    }
  };
  auto r = run_crowd(o);
  EXPECT_LT(before, 20u);
  EXPECT_GT(after, before + 100);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_TRUE(has_event(r, "rate 60000 rpm"));
}

TEST_F(crowd_test, stop_ends_the_run_as_an_interrupt_would) {
  auto o = options(2, 600);
  int steps = 0;
  o.on_step = [&](control::run_controller& c) {
    if (++steps == 3)
      c.stop();
  };
  auto r = run_crowd(o);
  EXPECT_EQ(steps, 3);
  EXPECT_TRUE(r.interrupted);
  EXPECT_LT(r.duration_s, 60.0);
  EXPECT_EQ(r.final_accounts, 2u);
}

TEST_F(crowd_test, a_shape_past_the_account_limit_is_told_once_and_the_run_goes_on) {
  auto o = options(2, 6000);
  o.account_limit = 4; // for the test: a run may make at most 4 accounts
  o.stages = {{milliseconds(0), 6, std::nullopt}}; // asks for 6 at once, and every step
  int steps = 0;
  std::size_t live = 0;
  o.on_step = [&](control::run_controller& c) {
    live = c.status().accounts;
    if (++steps == 5)
      c.stop();
  };
  std::atomic<int> interrupt{0};
  std::ostringstream log;
  auto r = actors::crowd_run{o}.run(interrupt, log);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(live, 4u);
  EXPECT_EQ(r->peak_accounts, 4u);
  const std::string said
    = "cannot add 2 accounts: account indexes are used up (4 accounts made in this run)\n";
  const auto text = log.str();
  EXPECT_NE(text.find(said), std::string::npos) << text;
  EXPECT_EQ(text.find("account indexes"), text.rfind("account indexes")) << text;
  EXPECT_GE(r->stats.ops[static_cast<std::size_t>(protocol::operation::signup)].count, 4u);
}

TEST_F(crowd_test, the_control_api_refuses_accounts_past_the_limit) {
  auto o = options(2, 6000);
  o.account_limit = 4;
  using answer = protocol::result<bool, control::control_error>;
  answer too_many = true;
  answer fits = false;
  answer used_up = true;
  int steps = 0;
  o.on_step = [&](control::run_controller& c) {
    ++steps;
    if (steps == 1) {
      too_many = c.add_accounts(3, "random");
      fits = c.add_accounts(2, "random");
      return;
    }
    // Once the two have joined, or after 30 s.
    if (c.status().accounts == 4 || steps > 300) {
      used_up = c.add_accounts(1, "reader");
      c.stop();
    }
  };
  auto r = run_crowd(o);
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().field, "add");
  EXPECT_EQ(too_many.error().message,
            "cannot add 3 accounts: only 2 account indexes are left (2 accounts made in this "
            "run)");
  EXPECT_TRUE(fits);
  ASSERT_FALSE(used_up);
  EXPECT_EQ(used_up.error().message,
            "cannot add 1 account: account indexes are used up (4 accounts made in this run)");
  EXPECT_EQ(r.peak_accounts, 4u);
}

} // namespace
} // namespace throng::testing
