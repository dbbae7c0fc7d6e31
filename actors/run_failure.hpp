#pragma once

// Why a run of the crowd could not be done, with the exit code its command
// returns.

#include <string>

namespace throng::actors {

/// Why a run could not be done, with the exit code the command returns: 2
/// for an option the outside world refuses (an output path, an address, a
/// population whose behaviour cannot be made), 3 for a run that stopped
/// early (an unreachable target, a seed-data phase that gave up).
struct run_failure {
  int exit_code = 3;
  std::string message;
};

} // namespace throng::actors
