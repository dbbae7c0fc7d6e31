// Tests of the dashboard's state: the history fed once a second, stage and
// migration events, the violations table and what is kept of the log, the
// verdict so far, snapshots handed over by a stand-in for the stats actor.

#include "control/dashboard.hpp"

#include <atomic>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/control/fake_controller.hpp"
#include "tests/control/fake_service.hpp"

namespace throng::control {
namespace {

/// Returns totals of `n` successful reads of 1 ms on shard-0.
stats::run_stats reads(std::uint64_t n) {
  stats::run_stats s;
  for (std::uint64_t i = 0; i < n; ++i)
    s.record({protocol::operation::read_note, std::nullopt, false, "shard-0", 1000, 800});
  return s;
}

nlohmann::json violation(std::uint32_t account) {
  return {{"class", "lost_update"}, {"account", account}, {"note", "n1"}, {"shard", "shard-1"}};
}

std::vector<std::string> event_texts(const dashboard& d) {
  std::vector<std::string> out;
  const auto h = d.history(0, ~std::uint64_t{0});
  for (const auto& e : h["events"])
    out.push_back(e["text"].get<std::string>());
  return out;
}

bool has_event(const dashboard& d, const std::string& part) {
  for (const auto& t : event_texts(d))
    if (t.find(part) != std::string::npos)
      return true;
  return false;
}

struct dashboard_test : ::testing::Test {
  fake_controller controller;
  fake_service service;
};

TEST_F(dashboard_test, each_second_becomes_a_point_of_the_history) {
  dashboard d{{}};
  d.attach(&controller);
  for (std::uint32_t s = 0; s < 3; ++s)
    d.on_second(s, reads(10 * (s + 1)), 7, 0);
  auto h = d.history(0, ~std::uint64_t{0});
  ASSERT_EQ(h["points"].size(), 3u) << h.dump();
  for (const auto& p : h["points"]) {
    EXPECT_EQ(p["categories"]["note_read"], 10) << p.dump();
    EXPECT_EQ(p["shards"]["shard-0"], 10) << p.dump();
    EXPECT_EQ(p["accounts"], 7);
    EXPECT_EQ(p["target_accounts"], 7);
    EXPECT_EQ(p["target_rpm"], 600.0);
  }
  auto st = d.state();
  EXPECT_EQ(st["tiles"]["requests"], 30);
  EXPECT_EQ(st["tiles"]["rate"], 10.0);
  EXPECT_NEAR(st["tiles"]["p99_ms"].get<double>(), 1.0, 0.011);
  EXPECT_EQ(st["tiles"]["verdict"], "pass so far");
  ASSERT_EQ(st["operations"].size(), 1u);
  EXPECT_EQ(st["operations"][0]["op"], "read_note");
  EXPECT_EQ(st["operations"][0]["count"], 30);
  EXPECT_EQ(st["shards"][0]["note_reads"], 30);
}

TEST_F(dashboard_test, a_stage_change_is_an_event) {
  dashboard d{{}};
  d.attach(&controller);
  d.on_second(0, reads(1), 7, 0);
  EXPECT_FALSE(has_event(d, "stage"));
  controller.stage = 2;
  d.on_second(1, reads(2), 7, 0);
  EXPECT_TRUE(has_event(d, "stage 3: 7 accounts at 600 rpm")) << d.history(0, 0).dump();
}

TEST_F(dashboard_test, a_migration_is_followed_from_start_to_end) {
  dashboard d{{}};
  d.attach(&controller);
  d.attach(&service);
  ASSERT_TRUE(service.start_migration({"shard-0", "shard-1", 100, 20}));
  d.on_second(0, reads(1), 7, 0);
  EXPECT_TRUE(has_event(d, "migration m1 started: shard-0 to shard-1 (100 accounts)"));
  service.advance(50);
  d.on_second(1, reads(2), 7, 0);
  EXPECT_TRUE(has_event(d, "migration m1: 50% moved"));
  service.advance(50);
  d.on_second(2, reads(3), 7, 0);
  EXPECT_TRUE(has_event(d, "migration m1 done: 100 accounts moved"));
  auto st = d.state();
  ASSERT_EQ(st["migrations"].size(), 1u);
  EXPECT_EQ(st["migrations"][0]["state"], "done");
  EXPECT_EQ(st["controls"]["service"], true);
  EXPECT_EQ(st["controls"]["shards"], nlohmann::json({"shard-0", "shard-1"}));
  EXPECT_EQ(st["controls"]["migration_bug"], "none");
}

TEST_F(dashboard_test, the_violations_table_keeps_the_newest_with_their_replay_line) {
  dashboard_settings s;
  s.replay_prefix = "throng replay --seed 7";
  dashboard d{s};
  for (std::uint32_t a = 0; a < dashboard::table_violations + 5; ++a)
    d.on_violation(violation(a), 3);
  auto table = d.state()["violations"];
  ASSERT_EQ(table.size(), dashboard::table_violations);
  EXPECT_EQ(table[0]["account"], dashboard::table_violations + 4);
  EXPECT_EQ(table[0]["replay"],
            "throng replay --seed 7 --account " + std::to_string(dashboard::table_violations + 4));
  EXPECT_EQ(table[0]["second"], 3);
}

TEST_F(dashboard_test, without_a_log_file_it_keeps_a_bounded_log_of_its_own) {
  dashboard d{{}};
  for (std::uint32_t a = 0; a < dashboard::max_kept_violations + 3; ++a)
    d.on_violation(violation(a), 0);
  std::istringstream kept{d.kept_violations()};
  std::string line;
  std::size_t lines = 0;
  while (std::getline(kept, line)) {
    ASSERT_TRUE(nlohmann::json::parse(line, nullptr, false).is_object()) << line;
    ++lines;
  }
  EXPECT_EQ(lines, dashboard::max_kept_violations);
  EXPECT_EQ(d.state()["violations_not_kept"], 3);

  dashboard_settings with_log;
  with_log.violations_log = "/tmp/somewhere.jsonl";
  dashboard logged{with_log};
  logged.on_violation(violation(1), 0);
  EXPECT_EQ(logged.kept_violations(), "");
}

TEST_F(dashboard_test, the_verdict_so_far_names_violations_and_failed_thresholds) {
  dashboard_settings s;
  stats::threshold t;
  t.text = "errors<1";
  t.kind = stats::threshold::metric::errors;
  t.cmp = stats::threshold::comparison::lt;
  t.value = 1;
  s.checks = {t};
  dashboard d{s};
  d.on_second(0, reads(5), 1, 0);
  EXPECT_EQ(d.state()["tiles"]["verdict"], "pass so far");
  EXPECT_EQ(d.state()["thresholds"][0]["pass"], true);
  auto failing = reads(5);
  failing.record({protocol::operation::read_note, model::error_kind::timeout, false, "", 5, 5,
                  "timeout", 0});
  d.on_second(1, failing, 1, 0);
  EXPECT_EQ(d.state()["tiles"]["verdict"], "threshold failed");
  EXPECT_EQ(d.state()["thresholds"][0]["pass"], false);
  failing.record_violation(model::violation_class::lost_update, "shard-1");
  d.on_second(2, failing, 1, 0);
  EXPECT_EQ(d.state()["tiles"]["verdict"], "violations");
}

TEST_F(dashboard_test, a_snapshot_comes_from_the_stats_actor_at_its_next_second) {
  dashboard d{{}};
  d.on_second(0, reads(4), 1, 0);
  std::atomic<bool> done{false};
  // Stands in for the stats actor: hands over its figures once asked.
  std::thread actor{[&] {
    while (!done.load()) {
      if (d.snapshot_wanted()) {
        stats::time_series series;
        series.record(0, protocol::operation::read_note, "shard-0", false, 1000);
        d.provide(reads(4), series);
      }
      std::this_thread::yield();
    }
  }};
  auto s = d.snapshot(std::chrono::seconds(60));
  done = true;
  actor.join();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->figures.total, 4u);
  EXPECT_EQ(s->series.rows().size(), 1u); // sealed for the download
  d.finish();
  EXPECT_EQ(d.snapshot(std::chrono::seconds(60)), nullptr); // at once: the run is over
  EXPECT_EQ(d.state()["run"]["finished"], true);
}

TEST_F(dashboard_test, says_where_it_is_served) {
  std::ostringstream log;
  dashboard_settings s;
  s.log = &log;
  dashboard{s}.listening("127.0.0.1", 8089);
  EXPECT_EQ(log.str(), "throng: dashboard at http://127.0.0.1:8089/\n");
  log.str("");
  s.token = "secret";
  dashboard{s}.listening("::1", 8089);
  EXPECT_EQ(log.str(), "throng: dashboard at http://[::1]:8089/ (the controls need --web-token)\n");
}

} // namespace
} // namespace throng::control
