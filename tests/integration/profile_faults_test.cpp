// A crowd driven through an API profile: through profiles/example-cookie.json
// against the cookie shape of the reference service (cookie sessions,
// numeric ids, PATCH, paged lists of ids only, no rename, X-Backend), a
// correct service gives zero violations, each anomaly fault is caught with
// its class (probers catch notes of other accounts served) and each benign
// fault gives none; through profiles/api-v1.json
// the built-in contract runs clean.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "fault_cases.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using model::error_kind;
using model::violation_class;


model::population_spec population(const char* behaviour, std::size_t count) {
  model::population_spec p;
  p.name = behaviour;
  p.behaviour = behaviour;
  p.notes_per_account = 8;
  p.count = count;
  return p;
}

actors::run_result run_through(const std::string& profile_name, server::service_shape shape,
                               const std::string& fault_spec, bool probed = false) {
  server::service_options service;
  service.shape = shape;
  if (!fault_spec.empty()) {
    auto fault = server::parse_fault(fault_spec);
    EXPECT_TRUE(fault) << fault_spec;
    if (fault)
      service.faults.push_back(*fault);
  }
  auto srv = start_service(service);
  auto api = repository_profile(profile_name);
  if (!srv || !api)
    return {};
  auto o = crowd(*srv, 40, 60'000, 2500ms);
  o.api = api;
  if (probed)
    o.populations = {population("random", 30), population("prober", 10)};
  return run_crowd(o);
}

stats::run_stats cookie_run(const std::string& fault_spec) {
  return run_through("example-cookie.json", server::service_shape::cookie, fault_spec).stats;
}

TEST(profile_run, the_cookie_shape_through_its_profile_gives_no_violation) {
  auto s = cookie_run("");
  EXPECT_EQ(s.violation_total(), 0u);
  EXPECT_GT(s.ok, 500u);
  EXPECT_EQ(s.failed, 0u);
  // The shard header is X-Backend in this shape: the figures still split by shard.
  EXPECT_FALSE(s.shards.empty());
}

TEST(profile_run, api_v1_json_runs_the_built_in_contract_clean) {
  auto r = run_through("api-v1.json", server::service_shape::v1, "");
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_GT(r.stats.ok, 500u);
  EXPECT_EQ(r.stats.failed, 0u);
}

// The cookie shape names no account in a note's path: a prober asks for
// another account's note id under its own session, which must be refused.
TEST(profile_run, probes_through_the_cookie_shape_are_refused_without_errors) {
  auto r = run_through("example-cookie.json", server::service_shape::cookie, "", true);
  EXPECT_EQ(r.stats.violation_total(), 0u);
  EXPECT_GT(r.stats.ops[static_cast<std::size_t>(protocol::operation::read_note)].count, 100u);
  EXPECT_EQ(r.stats.errors[static_cast<std::size_t>(error_kind::status_4xx)], 0u);
}

TEST(profile_run, probes_through_the_cookie_shape_catch_other_accounts_notes_served) {
  auto r = run_through("example-cookie.json", server::service_shape::cookie, "cross_account:0.5",
                       true);
  EXPECT_GT(violations_of(r.stats, violation_class::isolation_breach), 0u);
  EXPECT_EQ(r.stats.violation_total(), violations_of(r.stats, violation_class::isolation_breach));
}

class cookie_anomaly : public ::testing::TestWithParam<anomaly> {};

TEST_P(cookie_anomaly, is_caught_with_its_class_and_no_other) {
  expect_caught_alone(cookie_run(GetParam().spec), GetParam());
}

INSTANTIATE_TEST_SUITE_P(faults, cookie_anomaly, ::testing::ValuesIn(anomaly_faults),
                         kind_of<anomaly>);

class cookie_benign : public ::testing::TestWithParam<benign> {};

TEST_P(cookie_benign, gives_no_violation) {
  auto [spec, evidence, floor] = GetParam();
  auto s = cookie_run(spec);
  EXPECT_EQ(s.violation_total(), 0u) << spec;
  EXPECT_GT(evidence(s), floor) << spec;
}

INSTANTIATE_TEST_SUITE_P(faults, cookie_benign, ::testing::ValuesIn(benign_faults),
                         kind_of<benign>);

} // namespace
} // namespace throng::testing
