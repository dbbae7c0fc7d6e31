#pragma once

// What makes a run that found no violation fail anyway: nothing it asked
// for succeeded. Says so as a user reads it, naming the request.

#include <array>
#include <string>
#include <string_view>

#include "protocol/operation.hpp"

#include "stats/run_stats.hpp"

namespace throng::stats {

/// Returns why a run whose figures are `s` is not a pass though it found
/// no violation, or "" when some request succeeded. Names the most common
/// failure and its request, with `base_path` (the target's path prefix)
/// in front of the API's path: "every sign-up failed: POST /v1/accounts
/// answered 404 (20 times); is --target right?". `lines` are the requests
/// as an API profile writes them ("POST /users"); an empty one: the
/// built-in contract's.
using request_lines = std::array<std::string, protocol::operation_count>;
std::string nothing_succeeded(const run_stats& s, std::string_view base_path,
                              const request_lines& lines = {});

} // namespace throng::stats
