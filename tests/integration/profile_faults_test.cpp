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
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "config/api_profile_reader.hpp"
#include "crowd_run.hpp"
#include "tests/build_paths.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using model::error_kind;
using model::violation_class;

std::shared_ptr<const model::api_profile> profile(const std::string& name) {
  auto path = std::filesystem::path{scenarios_dir()}.parent_path() / "profiles" / name;
  auto p = config::read_api_profile(path);
  EXPECT_TRUE(p) << (p ? "" : p.error());
  return p ? std::make_shared<const model::api_profile>(std::move(*p)) : nullptr;
}

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
  auto api = profile(profile_name);
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

struct anomaly {
  const char* spec;
  violation_class expected;
};

void PrintTo(const anomaly& a, std::ostream* out) {
  *out << a.spec;
}

class cookie_anomaly : public ::testing::TestWithParam<anomaly> {};

TEST_P(cookie_anomaly, is_caught_with_its_class_and_no_other) {
  auto [spec, expected] = GetParam();
  auto s = cookie_run(spec);
  EXPECT_GT(violations_of(s, expected), 0u) << spec;
  auto others = s.violation_total() - violations_of(s, expected);
  if (expected == violation_class::resurrected_note)
    others -= violations_of(s, violation_class::unexpected_note);
  EXPECT_EQ(others, 0u) << spec;
}

template <class Case>
std::string kind_of(const ::testing::TestParamInfo<Case>& p) {
  std::string name = p.param.spec;
  return name.substr(0, name.find(':'));
}

INSTANTIATE_TEST_SUITE_P(
  faults, cookie_anomaly,
  ::testing::Values(anomaly{"stale_read:0.5", violation_class::stale_read},
                    anomaly{"lost_update:0.3", violation_class::lost_update},
                    anomaly{"lost_note:0.2", violation_class::missing_note},
                    anomaly{"phantom_note:0.2", violation_class::unexpected_note},
                    anomaly{"resurrect:0.5", violation_class::resurrected_note},
                    anomaly{"corrupt:0.1", violation_class::corrupt_content}),
  kind_of<anomaly>);

struct benign {
  const char* spec;
  std::uint64_t (*evidence)(const stats::run_stats&);
};

void PrintTo(const benign& b, std::ostream* out) {
  *out << b.spec;
}

class cookie_benign : public ::testing::TestWithParam<benign> {};

TEST_P(cookie_benign, gives_no_violation) {
  auto [spec, evidence] = GetParam();
  auto s = cookie_run(spec);
  EXPECT_EQ(s.violation_total(), 0u) << spec;
  EXPECT_GT(evidence(s), 10u) << spec;
}

std::uint64_t succeeded(const stats::run_stats& s) {
  return s.ok;
}

std::uint64_t answered_5xx(const stats::run_stats& s) {
  return s.errors[static_cast<std::size_t>(error_kind::status_5xx)];
}

std::uint64_t unknown_outcomes(const stats::run_stats& s) {
  return s.unknown_outcome;
}

std::uint64_t resets(const stats::run_stats& s) {
  return s.errors[static_cast<std::size_t>(error_kind::reset)];
}

INSTANTIATE_TEST_SUITE_P(faults, cookie_benign,
                         ::testing::Values(benign{"latency:3:0.3", succeeded},
                                           benign{"error503:0.2", answered_5xx},
                                           benign{"ambiguous:0.2", unknown_outcomes},
                                           benign{"reset:0.2", resets}),
                         kind_of<benign>);

} // namespace
} // namespace throng::testing
