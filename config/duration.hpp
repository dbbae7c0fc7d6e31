#pragma once

// Durations written with a unit ("250ms", "30s", "2m"): parsing and formatting.

#include <chrono>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace throng::config {

/// Parses a duration written with a unit: "250ms", "30s", "2m", "1h", or a
/// decimal such as "1.5s". Returns an error saying what is wrong otherwise
/// (a bare number has no unit and is an error).
protocol::result<std::chrono::milliseconds> parse_duration(std::string_view text);

/// Returns `d` written the way parse_duration reads it ("30s", "250ms").
std::string format_duration(std::chrono::milliseconds d);

} // namespace throng::config
