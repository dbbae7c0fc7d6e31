#pragma once

// The fault cases the crowd tests share, whatever API the crowd speaks: each
// anomaly fault with the violation class it must be caught as, each benign
// fault with the count that shows a run went through it.

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "crowd_run.hpp"

namespace throng::testing {

/// An anomaly fault and the one violation class it must be caught as.
struct anomaly {
  const char* spec;
  model::violation_class expected;
};

// Names the parameter in test listings (ctest shows it).
inline void PrintTo(const anomaly& a, std::ostream* out) {
  *out << a.spec;
}

/// A fault that is no anomaly, and the count by which a run shows that it
/// went through it: more than `floor`.
struct benign {
  const char* spec;
  std::uint64_t (*evidence)(const stats::run_stats&);
  std::uint64_t floor;
};

inline void PrintTo(const benign& b, std::ostream* out) {
  *out << b.spec;
}

/// Names each case after its fault's kind, the spec up to its first colon.
template <class Case>
std::string kind_of(const ::testing::TestParamInfo<Case>& p) {
  std::string name = p.param.spec;
  return name.substr(0, name.find(':'));
}

/// Expects `s` to hold violations of `a`'s class and of no other.
inline void expect_caught_alone(const stats::run_stats& s, const anomaly& a) {
  EXPECT_GT(violations_of(s, a.expected), 0u) << a.spec;
  auto others = s.violation_total() - violations_of(s, a.expected);
  // A note deleted long ago is no longer remembered as deleted: a
  // resurrection of it can only be told as an unexpected note.
  if (a.expected == model::violation_class::resurrected_note)
    others -= violations_of(s, model::violation_class::unexpected_note);
  EXPECT_EQ(others, 0u) << a.spec;
}

inline std::uint64_t succeeded(const stats::run_stats& s) {
  return s.ok;
}

inline std::uint64_t answered_5xx(const stats::run_stats& s) {
  return s.errors[static_cast<std::size_t>(model::error_kind::status_5xx)];
}

inline std::uint64_t unknown_outcomes(const stats::run_stats& s) {
  return s.unknown_outcome;
}

inline std::uint64_t resets(const stats::run_stats& s) {
  return s.errors[static_cast<std::size_t>(model::error_kind::reset)];
}

/// The anomaly faults a crowd's own checks catch (cross_account needs
/// probers: the populations tests have it).
inline const anomaly anomaly_faults[] = {
  {"stale_read:0.5", model::violation_class::stale_read},
  {"lost_update:0.3", model::violation_class::lost_update},
  {"lost_note:0.2", model::violation_class::missing_note},
  {"phantom_note:0.2", model::violation_class::unexpected_note},
  {"resurrect:0.5", model::violation_class::resurrected_note},
  {"corrupt:0.1", model::violation_class::corrupt_content},
};

/// The benign faults: delays, 503s, and connections dropped after or
/// before the write.
inline const benign benign_faults[] = {
  {"latency:3:0.3", succeeded, 500},
  {"error503:0.2", answered_5xx, 10},
  {"ambiguous:0.2", unknown_outcomes, 10},
  {"reset:0.2", resets, 10},
};

} // namespace throng::testing
