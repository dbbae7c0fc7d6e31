// Runs a crowd (crowd_run) against the reference service and wrong ones: no
// violation when correct, each anomaly caught, outages, interrupts.

#include "actors/crowd_run.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <thread>
#include <sstream>

#include "crowd_run.hpp"
#include "server/notes_server.hpp"
#include "wrong_service.hpp"

namespace throng::testing {
namespace {

using model::violation_class;

actors::run_options small_run(std::string target) {
  actors::run_options o;
  o.target = std::move(target);
  o.accounts = 40;
  o.notes_per_account = 5;
  o.rpm = 120'000; // 2,000 requests per second: 50 per account
  o.duration = std::chrono::milliseconds(2500);
  o.connections = 4;
  o.seed = 42;
  o.timeout = std::chrono::milliseconds(5000);
  o.connect_wait = std::chrono::milliseconds(2000);
  return o;
}

stats::run_stats run_with(const actors::run_options& o,
                          const std::function<void()>& meanwhile = {}) {
  return run_crowd(o, meanwhile).stats;
}

stats::run_stats run_against(const std::string& url, std::string log = {}) {
  auto o = small_run(url);
  o.violations_log = std::move(log);
  return run_with(o);
}

std::uint64_t errors(const stats::run_stats& s, model::error_kind k) {
  return s.errors[static_cast<std::size_t>(k)];
}

std::uint64_t count(const stats::run_stats& s, violation_class v) {
  return s.violations[static_cast<std::size_t>(v)];
}

TEST(crowd_run, reference_service_gives_zero_violations) {
  auto srv = server::notes_server::start(server::service_options{});
  ASSERT_TRUE(srv);
  auto s = run_against("http://127.0.0.1:" + std::to_string((*srv)->port()));
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(s.total, 100u);
  EXPECT_EQ(s.failed, 0u);
  for (auto op : protocol::all_operations) {
    if (op != protocol::operation::logout && op != protocol::operation::login) {
      EXPECT_GT(s.ops[static_cast<std::size_t>(op)].count, 0u) << protocol::to_string(op);
    }
  }
  // Both shards served notes, and every request is counted once.
  EXPECT_EQ(s.shards.count("shard-0") + s.shards.count("shard-1"), 2u);
  EXPECT_EQ(s.total, s.ok + s.failed);
}

TEST(crowd_run, failing_writes_of_a_correct_service_give_zero_violations) {
  wrong_service w{wrongness::fail_writes};
  ASSERT_TRUE(w.running());
  auto s = run_against(w.url());
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(s.errors[static_cast<std::size_t>(model::error_kind::status_5xx)], 10u);
  EXPECT_GT(s.unknown_outcome, 10u);
}

TEST(crowd_run, ticks_due_while_backing_off_are_sent_after_the_backoff) {
  wrong_service w{wrongness::fail_writes};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  auto r = run_crowd(o);
  ASSERT_GT(r.stats.failed, 10u);
  // Each failure backs its account off for a random time (up to 100 ms
  // after a first failure, doubling with each one in a row) while its
  // ticks come every 20 ms: they wait and go out after the backoff, so that
  // only the backlog left at the end was never sent.
  const double intended = o.rpm / 60 * r.duration_s;
  EXPECT_NEAR(static_cast<double>(r.stats.total + r.stats.skipped_ticks), intended,
              static_cast<double>(o.accounts));
  // A tick that waited out a backoff is measured from when it came due,
  // not from when the backoff ended (dropped, it would not be measured).
  std::uint64_t longest_us = 0;
  for (const auto& op : r.stats.ops)
    longest_us = std::max(longest_us, op.latency_us.max());
  EXPECT_GE(longest_us, 50'000u) << r.stats.total << " sent";
}

TEST(crowd_run, stale_reads_are_caught_and_logged) {
  wrong_service w{wrongness::stale_read};
  ASSERT_TRUE(w.running());
  auto log = ::testing::TempDir() + "stale.jsonl";
  auto s = run_against(w.url(), log);
  EXPECT_GT(count(s, violation_class::stale_read), 0u);
  // This service's lists are current while its reads lag: a read after a
  // list has shown the latest content goes back on what was shown, which
  // the checker calls a lost update.
  EXPECT_EQ(count(s, violation_class::stale_read) + count(s, violation_class::lost_update),
            s.violation_total());
  std::ifstream in(log);
  std::string line;
  std::uint64_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_TRUE(line.find(R"("class":"stale_read")") != std::string::npos
                || line.find(R"("class":"lost_update")") != std::string::npos)
      << line;
    EXPECT_NE(line.find(R"("expected":[")"), std::string::npos) << line;
  }
  EXPECT_EQ(lines, s.violation_total());
}

TEST(crowd_run, dropped_notes_are_missing) {
  wrong_service w{wrongness::drop_note};
  ASSERT_TRUE(w.running());
  auto s = run_against(w.url());
  EXPECT_GT(count(s, violation_class::missing_note), 0u);
  EXPECT_EQ(count(s, violation_class::missing_note), s.violation_total());
}

TEST(crowd_run, listed_strangers_are_unexpected) {
  wrong_service w{wrongness::list_stranger};
  ASSERT_TRUE(w.running());
  auto s = run_against(w.url());
  EXPECT_GT(count(s, violation_class::unexpected_note), 0u);
  EXPECT_EQ(count(s, violation_class::unexpected_note), s.violation_total());
}

TEST(crowd_run, target_that_dies_and_comes_back_with_its_data_gives_no_violation) {
  wrong_service w{wrongness::none};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  o.duration = std::chrono::milliseconds(4000);
  stats::run_stats s = run_with(o, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    w.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    w.restart(true);
  });
  ASSERT_TRUE(w.running());
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(errors(s, model::error_kind::connect) + errors(s, model::error_kind::reset), 0u);
  EXPECT_GT(s.ok, 100u);
  EXPECT_EQ(s.total, s.ok + s.failed);
}

TEST(crowd_run, target_that_comes_back_empty_reports_the_lost_notes) {
  wrong_service w{wrongness::none};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  o.duration = std::chrono::milliseconds(4000);
  o.seed_notes = 3;
  stats::run_stats s = run_with(o, [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    w.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    w.restart(false);
  });
  ASSERT_TRUE(w.running());
  EXPECT_GT(count(s, violation_class::missing_note), 0u);
  EXPECT_EQ(count(s, violation_class::missing_note), s.violation_total());
}

TEST(crowd_run, stalled_answers_time_out_without_violations) {
  wrong_service w{wrongness::stall};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  o.timeout = std::chrono::milliseconds(150);
  auto s = run_with(o);
  EXPECT_GT(errors(s, model::error_kind::timeout), 0u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(s.ok, 0u);
}

TEST(crowd_run, hostile_bodies_are_protocol_errors_not_violations) {
  wrong_service w{wrongness::hostile_json};
  ASSERT_TRUE(w.running());
  auto s = run_against(w.url());
  EXPECT_GT(errors(s, model::error_kind::malformed), 5u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_EQ(s.total, s.ok + s.failed);
}

TEST(crowd_run, second_interrupt_skips_the_grace_period) {
  wrong_service w{wrongness::stall};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  o.duration = std::chrono::minutes(10);
  o.timeout = std::chrono::seconds(60);
  o.grace = std::chrono::seconds(60);
  std::atomic<int> interrupt{0};
  std::thread signals([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    interrupt = 1; // stalled reads keep requests in flight: the grace would wait
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    interrupt = 2;
  });
  std::ostringstream messages;
  auto started = std::chrono::steady_clock::now();
  auto r = actors::crowd_run{o}.run(interrupt, messages);
  signals.join();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_GT(r->stats.total, 0u);
}

TEST(crowd_run, unreachable_target_stops_early_with_exit_code_3) {
  auto o = small_run("http://127.0.0.1:1");
  o.connect_wait = std::chrono::milliseconds(300);
  std::atomic<int> interrupt{0};
  std::ostringstream messages;
  auto r = actors::crowd_run{o}.run(interrupt, messages);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->failure);
  EXPECT_EQ(r->failure->exit_code, 3);
  EXPECT_NE(r->failure->message.find("unreachable"), std::string::npos);
  EXPECT_EQ(r->stats.total, 0u);
}

TEST(crowd_run, interrupt_stops_the_run_early_with_a_full_result) {
  auto srv = server::notes_server::start(server::service_options{});
  ASSERT_TRUE(srv);
  auto o = small_run("http://127.0.0.1:" + std::to_string((*srv)->port()));
  o.duration = std::chrono::minutes(10);
  std::atomic<int> interrupt{0};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    interrupt = 1;
  });
  std::ostringstream messages;
  auto r = actors::crowd_run{o}.run(interrupt, messages);
  stopper.join();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->interrupted);
  EXPECT_LT(r->duration_s, 60.0);
  EXPECT_GT(r->stats.total, 0u);
  EXPECT_EQ(r->stats.violation_total(), 0u);
}

} // namespace
} // namespace throng::testing
