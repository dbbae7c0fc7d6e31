#pragma once

// The `scripted` behaviour: the population's list of operations, repeated.

#include <vector>

#include "model/behaviour.hpp"

namespace throng::model {

/// `scripted`: a fixed sequence of operations, repeated; deterministic (it
/// draws nothing). The position in the script is the number of operations
/// the behaviour has chosen (account_state::behaviour_steps), so the
/// account's own set-up and re-logins do not shift it. An operation that
/// cannot be done (a read with no note) becomes a list of the notes.
class scripted_behaviour : public behaviour {
public:
  explicit scripted_behaviour(std::vector<protocol::operation> script);

  /// Makes one from the population's script: not empty, and without
  /// sign-up, which only the account does.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

private:
  std::vector<protocol::operation> script_;
};

} // namespace throng::model
