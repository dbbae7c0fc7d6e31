#pragma once

// The behaviour interface: what an account does next (a step), decided from
// its state alone, and the errors of making one for a population.

#include <cstdint>
#include <memory>
#include <string>

#include "model/account_state.hpp"
#include "model/population.hpp"
#include "model/rng.hpp"
#include "protocol/operation.hpp"
#include "protocol/result.hpp"

namespace throng::model {

class account_directory;

/// What a behaviour may look at besides the account's state. Owned by the
/// caller for the duration of one next() call.
struct behaviour_context {
  /// The time of the decision (http::now_ns() in a run, anything in a test).
  std::int64_t now_ns = 0;
  /// The run's directory of published accounts and notes, or nullptr.
  const account_directory* directory = nullptr;
};

/// Another account's resource a prober asks for with its own token.
struct probe_target {
  std::string account_id;
  std::string note_id; // empty for a probe of the account's note list
};

/// What a behaviour decided: one operation, or nothing this tick.
struct step {
  /// Nothing to send this tick (a batch writer between bursts).
  bool idle = false;
  protocol::operation op = protocol::operation::list_notes;
  /// Send the next request as soon as this one's answer arrives, without
  /// waiting for a tick (a burst at full speed).
  bool chain = false;
  /// Set for a probe: `op` (read_note or list_notes) is done on another
  /// account's resource; the service must refuse it.
  probe_target target;

  /// Returns an idle step.
  static step rest() {
    step s;
    s.idle = true;
    return s;
  }
  /// Returns a step doing `o` on the account's own data.
  static step of(protocol::operation o, bool chain = false) {
    step s;
    s.op = o;
    s.chain = chain;
    return s;
  }
};

/// What an account does next: a policy that reads (never writes) the
/// account's state. One behaviour object serves every account of its
/// population, so it keeps no per-account data (that lives in
/// account_state); it must be safe to call from several threads at once
/// (it is const).
class behaviour {
public:
  virtual ~behaviour() = default;

  /// Returns what an account in state `s` does next, drawing any randomness
  /// from `r`. Called only for an account that is signed up, logged in and
  /// has created its seed notes; the account itself does those.
  virtual step next(const account_state& s, rng& r,
                    const behaviour_context& c) const = 0;
};

/// Why a population's behaviour cannot be made.
struct behaviour_error {
  enum class kind : std::uint8_t {
    unknown_name,   // no behaviour is registered under `name`
    bad_parameters, // the behaviour rejects the population's parameters
  };
  kind what = kind::unknown_name;
  std::string name;    // the behaviour asked for
  std::string message; // one line for the user, naming the problem
};

/// A behaviour made for a population, or why it could not be.
using behaviour_result = protocol::result<std::unique_ptr<behaviour>, behaviour_error>;

/// Returns a bad_parameters error for behaviour `name`.
inline behaviour_error bad_parameters(std::string name, const std::string& why) {
  behaviour_error e;
  e.what = behaviour_error::kind::bad_parameters;
  e.message = "behaviour '" + name + "': " + why;
  e.name = std::move(name);
  return e;
}

} // namespace throng::model
