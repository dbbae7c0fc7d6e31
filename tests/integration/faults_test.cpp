// Each --fault against a real crowd: every anomaly is caught with its
// violation class, and every benign fault gives zero violations.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;
using model::error_kind;
using model::violation_class;

stats::run_stats run_with_fault(const std::string& spec) {
  server::service_options service;
  auto fault = server::parse_fault(spec);
  EXPECT_TRUE(fault) << spec;
  if (fault)
    service.faults.push_back(*fault);
  auto srv = start_service(service);
  if (!srv)
    return {};
  return run_crowd(crowd(*srv, 40, 60'000, 2500ms)).stats;
}

struct anomaly {
  const char* spec;
  violation_class expected;
};

// Names the parameter in test listings (ctest shows it).
void PrintTo(const anomaly& a, std::ostream* out) {
  *out << a.spec;
}

class anomaly_fault : public ::testing::TestWithParam<anomaly> {};

TEST_P(anomaly_fault, is_caught_with_its_class_and_no_other) {
  auto [spec, expected] = GetParam();
  auto s = run_with_fault(spec);
  EXPECT_GT(violations_of(s, expected), 0u) << spec;
  auto others = s.violation_total() - violations_of(s, expected);
  // A note deleted long ago is no longer remembered as deleted: a
  // resurrection of it can only be told as an unexpected note.
  if (expected == violation_class::resurrected_note)
    others -= violations_of(s, violation_class::unexpected_note);
  EXPECT_EQ(others, 0u) << spec;
}

// Names each case after its fault's kind, the spec up to its first colon.
template <class Case>
std::string kind_of(const ::testing::TestParamInfo<Case>& p) {
  std::string name = p.param.spec;
  return name.substr(0, name.find(':'));
}

INSTANTIATE_TEST_SUITE_P(
  faults, anomaly_fault,
  ::testing::Values(anomaly{"stale_read:0.5", violation_class::stale_read},
                    anomaly{"lost_update:0.3", violation_class::lost_update},
                    anomaly{"lost_note:0.2", violation_class::missing_note},
                    anomaly{"phantom_note:0.2", violation_class::unexpected_note},
                    anomaly{"resurrect:0.5", violation_class::resurrected_note},
                    anomaly{"corrupt:0.1", violation_class::corrupt_content}),
  kind_of<anomaly>);

/// A fault that is no anomaly, and the count by which a run shows that it
/// went through it: more than `floor`.
struct benign {
  const char* spec;
  std::uint64_t (*evidence)(const stats::run_stats&);
  std::uint64_t floor;
};

void PrintTo(const benign& b, std::ostream* out) {
  *out << b.spec;
}

class benign_fault : public ::testing::TestWithParam<benign> {};

TEST_P(benign_fault, gives_no_violation) {
  auto [spec, evidence, floor] = GetParam();
  auto s = run_with_fault(spec);
  EXPECT_EQ(s.violation_total(), 0u) << spec;
  EXPECT_GT(evidence(s), floor) << spec;
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

INSTANTIATE_TEST_SUITE_P(faults, benign_fault,
                         ::testing::Values(benign{"latency:3:0.3", succeeded, 500},
                                           benign{"error503:0.2", answered_5xx, 10},
                                           benign{"ambiguous:0.2", unknown_outcomes, 10},
                                           benign{"reset:0.2", resets, 10}),
                         kind_of<benign>);

} // namespace
} // namespace throng::testing
