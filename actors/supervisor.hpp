#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "protocol/result.hpp"
#include "actors/stats_actor.hpp"
#include "stats/run_stats.hpp"
#include "stats/time_series.hpp"

namespace throng::actors {

/// Everything a run of the crowd needs to know. Validated by the caller
/// (the command line); the supervisor checks only what needs the outside
/// world (the target, the output files).
struct run_options {
  std::string target;                  // URL of the notes service
  std::size_t accounts = 100;
  std::size_t notes_per_account = 20;  // at the cap an account does not create
  double rpm = 6000;                   // total requests per minute
  std::chrono::milliseconds duration{30'000};
  std::size_t connections = 16;
  std::size_t client_threads = 1;      // client pool workers, one I/O thread each
  std::size_t scheduler_threads = 1;   // CAF worker threads
  std::chrono::milliseconds timeout{10'000};
  std::size_t max_response_bytes = 8u << 20;
  bool insecure = false;
  std::uint64_t seed = 0;
  std::size_t content_bytes = 128;
  std::size_t seed_notes = 0;          // notes each account creates first
  std::string violations_log;          // path or empty
  std::chrono::milliseconds grace{2'000};       // for in-flight requests at the end
  status_mode status = status_mode::quiet;      // the live status line
  std::ostream* status_out = nullptr;           // where it goes (outlives run())
  std::string metrics;                          // "host:port" of /metrics, or empty
  std::chrono::milliseconds connect_wait{10'000}; // for the target at the start
};

/// What a finished run measured.
struct run_result {
  stats::run_stats stats;
  stats::time_series series; // per second, operation and shard
  double duration_s = 0;    // from the first tick to the stop
  bool interrupted = false; // stopped by a signal before its duration
  std::string name_prefix;  // the prefix of this run's account names
};

/// Why a run could not be done, with the exit code the command returns.
struct run_failure {
  int exit_code = 3;
  std::string message;
};

/// Runs a crowd of accounts against a notes service: checks that the
/// target answers (retrying for `connect_wait`), starts an actor system, the
/// stats actor, the client pool workers and one actor per account, lets them
/// run for the duration or until `interrupt` (a count of signals) becomes
/// non-zero, then stops ticking, waits up to `grace` for requests in flight
/// (not at all once `interrupt` reaches 2), drains the pools and collects the
/// totals. Every actor is gone when run() returns. Errors come
/// back as a run_failure (exit code 2 for a bad output path or metrics
/// address, 3 for an unreachable target); failures during the run are
/// counted, not fatal. With `metrics` set, serves the Prometheus page at
/// http://metrics/metrics while the run goes.
class supervisor {
public:
  explicit supervisor(run_options opts);

  protocol::result<run_result, run_failure> run(const std::atomic<int>& interrupt,
                                                std::ostream& log);

private:
  run_options opts_;
};

} // namespace throng::actors
