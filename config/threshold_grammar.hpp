#pragma once

// The grammar of thresholds (`--threshold read_note.p99<50ms`, a scenario's
// `thresholds`): parsing one into a stats::threshold.

#include <string_view>

#include "protocol/result.hpp"
#include "stats/threshold.hpp"

namespace throng::config {

/// Parses `text` (`METRIC CMP VALUE`, see stats::threshold). Returns an
/// error that quotes it and says what is wrong.
protocol::result<stats::threshold> parse_threshold(std::string_view text);

} // namespace throng::config
