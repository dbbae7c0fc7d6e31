// Checking thresholds against a run, and their report lines (threshold.hpp).

#include "stats/threshold.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <optional>
#include <utility>

#include "protocol/number_format.hpp"

namespace throng::stats {

namespace {

using metric = threshold::metric;
using comparison = threshold::comparison;

} // namespace

threshold_outcome check_threshold(const threshold& t, const run_stats& s,
                                  double duration_s) {
  threshold_outcome o;
  o.condition = t;
  auto per_second = [&](std::uint64_t n) {
    return duration_s > 0 ? static_cast<double>(n) / duration_s : 0.0;
  };
  const auto& op = s.ops[static_cast<std::size_t>(t.op)];
  switch (t.kind) {
    case metric::latency:
      o.actual = static_cast<double>(t.quantile >= 100 ? op.latency_us.max()
                                                       : op.latency_us.percentile(t.quantile));
      break;
    case metric::op_rate:
      o.actual = per_second(op.count);
      break;
    case metric::rate:
      o.actual = per_second(s.total);
      break;
    case metric::errors:
      o.actual = t.percent ? (s.total == 0 ? 0.0
                                           : 100.0 * static_cast<double>(s.failed)
                                               / static_cast<double>(s.total))
                           : static_cast<double>(s.failed);
      break;
    case metric::violations:
      o.actual = static_cast<double>(s.violation_total());
      break;
    case metric::violation:
      o.actual = static_cast<double>(s.violations[static_cast<std::size_t>(t.cls)]);
      break;
  }
  switch (t.cmp) {
    case comparison::lt: o.passed = o.actual < t.value; break;
    case comparison::le: o.passed = o.actual <= t.value; break;
    case comparison::eq: o.passed = o.actual == t.value; break;
    case comparison::ge: o.passed = o.actual >= t.value; break;
    case comparison::gt: o.passed = o.actual > t.value; break;
  }
  return o;
}

std::string to_string(const threshold_outcome& o) {
  std::string actual;
  const auto& t = o.condition;
  switch (t.kind) {
    case metric::latency: actual = protocol::general(o.actual / 1000) + "ms"; break;
    case metric::op_rate:
    case metric::rate: actual = protocol::general(o.actual) + "/s"; break;
    case metric::errors: actual = protocol::general(o.actual) + (t.percent ? "%" : ""); break;
    case metric::violations:
    case metric::violation: actual = protocol::general(o.actual); break;
  }
  return std::string{o.passed ? "PASS " : "FAIL "} + t.text + " (" + actual + ")";
}

} // namespace throng::stats
