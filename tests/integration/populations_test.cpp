// Runs with several populations: each population's accounts do what its
// behaviour says, probers find other accounts through the run's directory,
// chained steps go out back to back, the closed model paces accounts by
// their think time, and one seed gives one sequence of operations.

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <set>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "server/fault_injector.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using protocol::operation;

model::population_spec population(const char* name, const char* behaviour) {
  model::population_spec p;
  p.name = name;
  p.behaviour = behaviour;
  p.notes_per_account = 8;
  return p;
}

// The operations an account sent after setting itself up (sign-up, log-in).
std::vector<operation> mix_of(const std::vector<operation>& ops) {
  std::vector<operation> out;
  for (auto op : ops)
    if (op != operation::signup && op != operation::login)
      out.push_back(op);
  return out;
}

bool only(const std::vector<operation>& ops, std::set<operation> allowed) {
  return std::all_of(ops.begin(), ops.end(), [&](operation op) { return allowed.count(op) > 0; });
}

std::size_t count_of(const std::vector<operation>& ops, std::set<operation> which) {
  return static_cast<std::size_t>(std::count_if(
    ops.begin(), ops.end(), [&](operation op) { return which.count(op) > 0; }));
}

/// Runs a crowd of `populations`, `accounts` at `rpm` for `duration` in
/// the `workload` model, that seeds no notes, against a reference service of its own;
/// records each account's operations and expects no violation.
actors::run_result run_recorded(std::vector<model::population_spec> populations,
                                std::size_t accounts, double rpm,
                                std::chrono::milliseconds duration,
                                config::workload_model workload = config::workload_model::open) {
  auto srv = start_service({});
  if (!srv)
    return {};
  auto o = crowd(*srv, accounts, rpm, duration);
  o.seed_notes = 0;
  o.model = workload;
  o.record_operations = true;
  o.populations = std::move(populations);
  auto r = run_crowd(o);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  return r;
}

TEST(populations, each_population_issues_its_own_behaviours_operations) {
  auto scripted = population("accounting", "scripted");
  scripted.count = 4;
  scripted.script = {operation::read_account, operation::update_account};
  auto r = run_recorded({scripted, population("readers", "reader")}, 10, 3000, 3s);
  std::size_t scripted_ops = 0;
  std::size_t reader_ops = 0;
  for (const auto& [index, ops] : r.operations) {
    auto mix = mix_of(ops);
    if (index < 4) {
      EXPECT_TRUE(only(mix, {operation::read_account, operation::update_account}))
        << "account " << index;
      scripted_ops += mix.size();
    } else {
      EXPECT_TRUE(only(mix, {operation::create_note, operation::read_note,
                             operation::list_notes}))
        << "account " << index;
      reader_ops += mix.size();
    }
  }
  EXPECT_GT(scripted_ops, 0u);
  EXPECT_GT(reader_ops, 0u);
}

actors::run_options probed_crowd(const server::notes_server& srv) {
  auto o = crowd(srv, 10, 6000, 3s);
  o.seed_notes = 2;
  o.record_operations = true;
  auto c = population("crowd", "random");
  c.count = 7;
  o.populations = {c, population("probes", "prober")};
  return o;
}

TEST(populations, probers_find_other_accounts_and_refusals_are_no_errors) {
  auto srv = start_service({});
  ASSERT_TRUE(srv);
  auto r = run_crowd(probed_crowd(*srv));
  std::size_t probes = 0;
  for (const auto& [index, ops] : r.operations)
    if (index >= 7)
      probes += count_of(mix_of(ops), {operation::read_note, operation::list_notes});
  EXPECT_GT(probes, 0u);
  EXPECT_EQ(violations_of(r.stats, model::violation_class::isolation_breach), 0u);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_EQ(r.stats.errors[static_cast<std::size_t>(model::error_kind::status_4xx)], 0u);
}

TEST(populations, probers_catch_a_service_that_serves_other_accounts_data) {
  server::service_options so;
  auto fault = server::parse_fault("cross_account:0.5");
  ASSERT_TRUE(fault);
  so.faults.push_back(*fault);
  auto srv = start_service(so);
  ASSERT_TRUE(srv);
  auto r = run_crowd(probed_crowd(*srv));
  EXPECT_GT(violations_of(r.stats, model::violation_class::isolation_breach), 0u);
}

TEST(populations, one_seed_gives_each_account_one_sequence_of_operations) {
  auto run_once = [] {
    auto srv = start_service({});
    auto o = crowd(*srv, 6, 3600, 2s);
    o.record_operations = true;
    auto r = run_crowd(o);
    srv->stop();
    return r.operations;
  };
  auto a = run_once();
  auto b = run_once();
  ASSERT_EQ(a.size(), 6u);
  ASSERT_EQ(b.size(), 6u);
  for (const auto& [index, ops] : a) {
    const auto& other = b[index];
    // Timing decides how many ticks each run gave; the common part matches.
    const auto n = std::min(ops.size(), other.size());
    EXPECT_GE(n, 5u) << "account " << index;
    EXPECT_TRUE(std::equal(ops.begin(), ops.begin() + static_cast<std::ptrdiff_t>(n),
                           other.begin()))
      << "account " << index;
  }
}

TEST(populations, a_chained_burst_goes_out_without_waiting_for_ticks) {
  auto writers = population("writers", "batch-writer");
  writers.burst = 6;
  // Each account ticks every 2 s: in 4 s, at most three ticks, the first of
  // which signs up. Without the chain an account would write at most twice.
  auto r = run_recorded({writers}, 6, 180, 4s);
  std::size_t most = 0;
  for (const auto& [index, ops] : r.operations)
    most = std::max(most, count_of(ops, {operation::create_note, operation::update_note}));
  EXPECT_GE(most, 6u);
}

TEST(populations, the_closed_model_waits_for_each_answer_and_the_think_time) {
  auto thinkers = population("thinkers", "random");
  thinkers.think.how = model::think_spec::kind::constant;
  thinkers.think.value = 200ms;
  // A rate the open model would turn into thousands of requests: the closed
  // model does not use it.
  auto r = run_recorded({thinkers}, 5, 600'000, 2s, config::workload_model::closed);
  EXPECT_EQ(r.stats.skipped_ticks, 0u);
  for (const auto& [index, ops] : r.operations) {
    // 2 s at one request per 200 ms of thinking, plus the answers' time.
    EXPECT_GE(ops.size(), 2u) << "account " << index;
    EXPECT_LE(ops.size(), 12u) << "account " << index;
  }
}

} // namespace
} // namespace throng::testing
