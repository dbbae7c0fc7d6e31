// Each --fault against a real crowd: every anomaly is caught with its
// violation class, and every benign fault gives zero violations.

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"
#include "fault_cases.hpp"

namespace throng::testing {
namespace {

using namespace std::chrono_literals;

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

class anomaly_fault : public ::testing::TestWithParam<anomaly> {};

TEST_P(anomaly_fault, is_caught_with_its_class_and_no_other) {
  expect_caught_alone(run_with_fault(GetParam().spec), GetParam());
}

INSTANTIATE_TEST_SUITE_P(faults, anomaly_fault, ::testing::ValuesIn(anomaly_faults),
                         kind_of<anomaly>);

class benign_fault : public ::testing::TestWithParam<benign> {};

TEST_P(benign_fault, gives_no_violation) {
  auto [spec, evidence, floor] = GetParam();
  auto s = run_with_fault(spec);
  EXPECT_EQ(s.violation_total(), 0u) << spec;
  EXPECT_GT(evidence(s), floor) << spec;
}

INSTANTIATE_TEST_SUITE_P(faults, benign_fault, ::testing::ValuesIn(benign_faults),
                         kind_of<benign>);

} // namespace
} // namespace throng::testing
