#pragma once

// The wait for a run's target before the run: GET /healthz until something
// answers or the wait is over.

#include <atomic>
#include <chrono>

#include "actors/run_failure.hpp"
#include "http/client_pool.hpp"
#include "protocol/result.hpp"

namespace throng::actors {

/// Sends GET /healthz to `base.target` over one connection (with a timeout
/// of at most 2 s) until an HTTP answer comes back, with any status: the
/// target is reachable. A failure is tried again after 200 ms, until `wait`
/// has passed or `interrupt` (a count of signals) is non-zero. Blocks.
/// Returns true, or a run_failure: exit code 2 when no client can be made
/// for `base`, 3 when nothing answered ("target URL unreachable after N s
/// (last error: E)").
protocol::result<bool, run_failure> await_target(const http::client_options& base,
                                                 std::chrono::milliseconds wait,
                                                 const std::atomic<int>& interrupt);

} // namespace throng::actors
