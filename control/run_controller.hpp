#pragma once

// The run-time controls of a running crowd, as the control API drives them:
// its status, adding and removing accounts, the rate, stopping.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>

#include "protocol/result.hpp"

namespace throng::control {

/// What a running crowd looks like at one moment.
struct crowd_status {
  double elapsed_s = 0;
  std::size_t accounts = 0;                        // scheduled to tick
  /// Account actors still running: removed accounts count until the answer
  /// to their last request.
  std::int64_t running = 0;
  std::map<std::string, std::size_t> by_population; // the same, per population
  std::map<std::string, std::size_t> by_behaviour;  // and per behaviour
  double rpm = 0;                                  // the total rate asked for
  std::size_t stage = 0;    // the load shape's stage under way
  std::uint64_t requests = 0;   // sent so far
  std::uint64_t errors = 0;     // failed so far
  std::uint64_t violations = 0; // so far
  bool stopping = false;
};

/// Why a control request was refused.
struct control_error {
  enum class kind : std::uint8_t {
    bad_value, // a value is out of range or unknown; `field` names it
    stopping,  // the run is ending: nothing can be changed any more
    conflict,  // something already under way forbids it (a migration runs)
  };
  kind what = kind::bad_value;
  std::string field;
  std::string message;
};

/// The run-time controls of a running crowd, as the control API drives
/// them: a request is checked and queued at once and carried out by the
/// run coordinator soon after (at its next step, within about 100 ms, at
/// the latest). Implementations are thread-safe; errors come back as
/// values.
class run_controller {
public:
  virtual ~run_controller() = default;

  /// Returns the crowd's figures now.
  virtual crowd_status status() const = 0;

  /// Adds `n` accounts of behaviour `behaviour` to the run, on top of what
  /// the load shape asks for.
  virtual protocol::result<bool, control_error>
  add_accounts(std::size_t n, const std::string& behaviour) = 0;

  /// Removes the `n` most recently added accounts (all of them if there
  /// are fewer): they stop once their request in flight is answered.
  virtual protocol::result<bool, control_error> remove_accounts(std::size_t n) = 0;

  /// Sets the total rate for the rest of the run (later stages of the load
  /// shape no longer change it).
  virtual protocol::result<bool, control_error> set_rpm(double rpm) = 0;

  /// Ends the run as SIGINT would.
  virtual void stop() = 0;
};

} // namespace throng::control
