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
#include "tests/temp_dir.hpp"
#include "wrong_service.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
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

/// Runs a small crowd against a service wrong in way `w` (see run_against).
stats::run_stats run_against(wrongness w, std::string log = {}) {
  wrong_service service{w};
  EXPECT_TRUE(service.running());
  if (!service.running())
    return {};
  return run_against(service.url(), std::move(log));
}

std::uint64_t errors(const stats::run_stats& s, model::error_kind k) {
  return s.errors[static_cast<std::size_t>(k)];
}

std::uint64_t count(const stats::run_stats& s, violation_class v) {
  return s.violations[static_cast<std::size_t>(v)];
}

/// Expects violations of class `v` in `s`, and of no other class.
void expect_violations_only_of(const stats::run_stats& s, violation_class v) {
  EXPECT_GT(count(s, v), 0u);
  EXPECT_EQ(count(s, v), s.violation_total());
}

/// A correct service's outage in a run: it dies `after` the start and comes
/// back `down` later, with its data or without.
struct outage {
  std::chrono::milliseconds after;
  std::chrono::milliseconds down;
  bool keeps_data;
};

/// Runs a small crowd for 4 s, each account seeding `seed_notes` notes,
/// against a correct service through `cut`; expects the service back.
stats::run_stats run_through(const outage& cut, std::size_t seed_notes) {
  wrong_service w{wrongness::none};
  EXPECT_TRUE(w.running());
  auto o = small_run(w.url());
  o.duration = 4s;
  o.seed_notes = seed_notes;
  auto s = run_with(o, [&] {
    std::this_thread::sleep_for(cut.after);
    w.stop();
    std::this_thread::sleep_for(cut.down);
    w.restart(cut.keeps_data);
  });
  EXPECT_TRUE(w.running());
  return s;
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

TEST(crowd_run, accounts_on_two_client_threads_or_on_caf_s_own_scheduler_check_alike) {
  auto srv = server::notes_server::start(server::service_options{});
  ASSERT_TRUE(srv);
  for (std::size_t scheduler_threads : {0, 2}) {
    auto o = small_run("http://127.0.0.1:" + std::to_string((*srv)->port()));
    o.client_threads = 2; // with 0: the accounts on two I/O threads, ticks in two batches
    o.scheduler_threads = scheduler_threads;
    auto s = run_with(o);
    EXPECT_EQ(s.violation_total(), 0u) << scheduler_threads;
    EXPECT_GT(s.total, 100u) << scheduler_threads;
    EXPECT_EQ(s.failed, 0u) << scheduler_threads;
    EXPECT_EQ(s.total, s.ok + s.failed) << scheduler_threads;
    EXPECT_EQ(s.ops[static_cast<std::size_t>(protocol::operation::signup)].count, 40u);
  }
}

TEST(crowd_run, failing_writes_of_a_correct_service_give_zero_violations) {
  auto s = run_against(wrongness::fail_writes);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(s.errors[static_cast<std::size_t>(model::error_kind::status_5xx)], 10u);
  EXPECT_GT(s.unknown_outcome, 10u);
}

TEST(crowd_run, the_ticker_says_how_late_it_sent_every_tick) {
  auto srv = server::notes_server::start(server::service_options{});
  ASSERT_TRUE(srv);
  auto o = small_run("http://127.0.0.1:" + std::to_string((*srv)->port()));
  auto r = run_crowd(o);
  ASSERT_EQ(r.stats.violation_total(), 0u);
  // Every request went out on a tick, and every tick sent either went out
  // as a request or was left in its account's backlog at the end.
  const auto& late = r.stats.tick_lateness_us;
  EXPECT_GE(late.count(), r.stats.total);
  EXPECT_LE(late.count(), r.stats.total + r.stats.skipped_ticks);
  EXPECT_LE(late.percentile(99), late.max());
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
  temp_dir tmp;
  auto log = tmp / "stale.jsonl";
  auto s = run_against(wrongness::stale_read, log);
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
  expect_violations_only_of(run_against(wrongness::drop_note), violation_class::missing_note);
}

TEST(crowd_run, listed_strangers_are_unexpected) {
  expect_violations_only_of(run_against(wrongness::list_stranger),
                            violation_class::unexpected_note);
}

TEST(crowd_run, target_that_dies_and_comes_back_with_its_data_gives_no_violation) {
  auto s = run_through({1200ms, 800ms, true}, 0);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(errors(s, model::error_kind::connect) + errors(s, model::error_kind::reset), 0u);
  EXPECT_GT(s.ok, 100u);
  EXPECT_EQ(s.total, s.ok + s.failed);
}

TEST(crowd_run, target_that_comes_back_empty_reports_the_lost_notes) {
  expect_violations_only_of(run_through({1500ms, 500ms, false}, 3), violation_class::missing_note);
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
  auto s = run_against(wrongness::hostile_json);
  EXPECT_GT(errors(s, model::error_kind::malformed), 5u);
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_EQ(s.total, s.ok + s.failed);
}

TEST(crowd_run, second_interrupt_skips_the_grace_period) {
  wrong_service w{wrongness::stall};
  ASSERT_TRUE(w.running());
  auto o = small_run(w.url());
  o.duration = 10min;
  o.timeout = 60s;
  o.grace = 60s;
  std::atomic<int> interrupt{0};
  auto started = std::chrono::steady_clock::now();
  auto r = run_crowd(o, [&] {
    std::this_thread::sleep_for(800ms);
    interrupt = 1; // stalled reads keep requests in flight: the grace would wait
    std::this_thread::sleep_for(300ms);
    interrupt = 2;
  }, interrupt);
  EXPECT_TRUE(r.interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
  EXPECT_GT(r.stats.total, 0u);
}

TEST(crowd_run, unreachable_target_stops_early_with_exit_code_3) {
  auto o = small_run("http://127.0.0.1:1");
  o.connect_wait = 300ms;
  auto r = run_crowd(o);
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->exit_code, 3);
  EXPECT_NE(r.failure->message.find("unreachable"), std::string::npos);
  EXPECT_EQ(r.stats.total, 0u);
}

TEST(crowd_run, interrupt_stops_the_run_early_with_a_full_result) {
  auto srv = start_service({});
  ASSERT_TRUE(srv);
  auto o = small_run("http://127.0.0.1:" + std::to_string(srv->port()));
  o.duration = 10min;
  std::atomic<int> interrupt{0};
  auto r = run_crowd(o, [&] {
    std::this_thread::sleep_for(800ms);
    interrupt = 1;
  }, interrupt);
  EXPECT_TRUE(r.interrupted);
  EXPECT_LT(r.duration_s, 60.0);
  EXPECT_GT(r.stats.total, 0u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
}

} // namespace
} // namespace throng::testing
