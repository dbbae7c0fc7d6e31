#pragma once

// `throng run --local-workers N`: worker processes on this machine, started
// from this executable, like `locust --processes`.

#include <sys/types.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "protocol/result.hpp"

namespace throng::apps {

/// N `throng worker` processes on 127.0.0.1, each taking one run (`--runs
/// 1`) with a fresh secret, written to a file only this user can read in a
/// private temporary folder. Owns the processes and the folder: the
/// destructor, called once the run is over, stops them (SIGTERM, and
/// SIGKILL after 10 s) and removes the folder. Not thread-safe.
class local_workers {
public:
  /// Starts `n` workers, each with `threads` scheduler threads, and waits
  /// (up to 10 s each) for each to say where it listens. Returns why not,
  /// having stopped those it started.
  static protocol::result<std::unique_ptr<local_workers>, std::string>
  start(std::size_t n, std::size_t threads);

  local_workers(const local_workers&) = delete;
  local_workers& operator=(const local_workers&) = delete;
  ~local_workers();

  /// Returns where the workers listen, "127.0.0.1:PORT" each.
  const std::vector<std::string>& addresses() const noexcept { return addresses_; }

  /// Returns the secret the workers hold.
  const std::string& secret() const noexcept { return secret_; }

private:
  local_workers() = default;

  /// Starts one worker and sets `address` to where it listens; returns
  /// why not, or empty.
  std::string spawn_one(std::size_t threads, std::string& address);

  std::string folder_;
  std::string secret_file_;
  std::string secret_;
  std::vector<pid_t> pids_;
  std::vector<std::string> addresses_;
};

} // namespace throng::apps
