#pragma once

// Thresholds (`--threshold read_note.p99<50ms`): what one is, and checking it
// against a run's figures (config/threshold_grammar parses them).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/operation.hpp"
#include "protocol/result.hpp"
#include "model/error_kind.hpp"
#include "model/violation_class.hpp"
#include "stats/run_stats.hpp"

namespace throng::stats {

/// A pass/fail condition on a run's figures, written `METRIC CMP VALUE`:
/// `read_note.p99<50ms`, `errors<1%`, `violations==0`. METRIC is one of
/// `OP.p50|p90|p99|p999|max` (VALUE with a unit: us, ms, s), `OP.rps`,
/// `rps`, `errors` (VALUE a count or a percentage of requests),
/// `violations`, or a violation class (`stale_read`). CMP is one of <, <=,
/// ==, >=, >.
struct threshold {
  enum class metric : std::uint8_t {
    latency,    // op and quantile set; value in microseconds
    op_rate,    // op set; requests per second
    rate,       // all requests per second
    errors,     // failed requests; `percent` for a share of all requests
    violations, // every class
    violation,  // one class
  };
  enum class comparison : std::uint8_t { lt, le, eq, ge, gt };

  std::string text; // as written
  metric kind = metric::violations;
  protocol::operation op = protocol::operation::read_note;
  double quantile = 0;  // 50, 90, 99, 99.9; 100 for max
  model::violation_class cls = model::violation_class::stale_read;
  comparison cmp = comparison::eq;
  double value = 0;
  bool percent = false;
};

/// A threshold checked against a run.
struct threshold_outcome {
  threshold condition;
  double actual = 0; // in the unit of the condition's value
  bool passed = false;
};

/// Checks `t` against the figures `s` of a run that lasted `duration_s`.
threshold_outcome check_threshold(const threshold& t, const run_stats& s,
                                  double duration_s);

/// Returns `o` as a report line: "PASS read_note.p99<50ms (12.3ms)".
std::string to_string(const threshold_outcome& o);

} // namespace throng::stats
