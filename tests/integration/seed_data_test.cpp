// The seed-data phase: accounts create their notes before the measured
// run, retry failed writes with a backoff, and stop the run once the error
// budget is spent.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "crowd_run.hpp"
#include "server/fault_injector.hpp"
#include "tests/temp_dir.hpp"
#include "throng_process.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using protocol::operation;

std::uint64_t count_of(const stats::run_stats& s, operation op) {
  return s.ops[static_cast<std::size_t>(op)].count;
}

server::service_options with_fault(const char* spec) {
  server::service_options so;
  auto fault = server::parse_fault(spec);
  EXPECT_TRUE(fault) << spec;
  if (fault)
    so.faults.push_back(*fault);
  return so;
}

TEST(seed_data, notes_are_written_before_the_measured_run) {
  auto srv = start_service({});
  ASSERT_TRUE(srv);
  auto o = crowd(*srv, 5, 1200, 2s);
  o.seed_notes = 4;
  o.seed_batch = 2;
  o.record_operations = true;
  auto r = run_crowd(o);
  ASSERT_TRUE(r.seed);
  EXPECT_EQ(r.seed->notes, 20u);
  EXPECT_EQ(r.seed->errors, 0u);
  // Every account signed up and seeded before second 0: the measured run
  // counts none of it.
  EXPECT_EQ(count_of(r.stats, operation::signup), 0u);
  EXPECT_GT(r.stats.total, 0u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  for (const auto& [index, ops] : r.operations) {
    ASSERT_GE(ops.size(), 5u) << "account " << index;
    EXPECT_EQ(ops[0], operation::signup);
    for (std::size_t i = 1; i < 5; ++i)
      EXPECT_EQ(ops[i], operation::create_note) << "account " << index;
  }
}

/// The options of a crowd of 5 accounts at 600 rpm for `duration` against
/// `srv`, each seeding 4 notes; the run stops once more than `max_errors`
/// seed-data requests have failed.
actors::run_options seeding(const server::notes_server& srv, std::chrono::milliseconds duration,
                            std::size_t max_errors) {
  auto o = crowd(srv, 5, 600, duration);
  o.seed_notes = 4;
  o.seed_max_errors = max_errors;
  return o;
}

TEST(seed_data, failed_writes_are_retried_without_false_violations) {
  auto srv = start_service(with_fault("error503:0.3"));
  ASSERT_TRUE(srv);
  auto r = run_crowd(seeding(*srv, 1s, 1000));
  ASSERT_TRUE(r.seed);
  EXPECT_EQ(r.seed->notes, 20u);
  EXPECT_GT(r.seed->errors, 0u);
  EXPECT_GT(r.seed->retries, 0u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
}

TEST(seed_data, a_spent_error_budget_stops_the_run_with_exit_code_3) {
  auto srv = start_service(with_fault("error503:1"));
  ASSERT_TRUE(srv);
  auto r = run_crowd(seeding(*srv, 30s, 0));
  ASSERT_TRUE(r.failure);
  EXPECT_EQ(r.failure->exit_code, 3);
  const auto& why = r.failure->message;
  EXPECT_NE(why.find("seed data"), std::string::npos) << why;
  EXPECT_NE(why.find("last error: POST /v1/accounts answered 503"), std::string::npos) << why;
  ASSERT_TRUE(r.seed);
  EXPECT_GT(r.seed->errors, 0u);
}

TEST(seed_data, the_report_shows_the_phase_apart_from_the_measured_run) {
  temp_dir tmp;
  const auto json = tmp / "seed-summary.json";
  auto o = throng("run --accounts 3 --rpm 600 --duration 1s --quiet --seed-notes 2 "
                  "--seed-batch 2 --summary-json " + json);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("seed data"), std::string::npos) << o.out;
  auto j = nlohmann::json::parse(slurp(json));
  ASSERT_TRUE(j.contains("seed_data")) << j.dump();
  EXPECT_EQ(j["seed_data"]["notes"], 6);
  EXPECT_EQ(j["seed_data"]["errors"], 0);
  EXPECT_TRUE(j["seed_data"].contains("notes_per_s"));
}

} // namespace
} // namespace throng::testing
