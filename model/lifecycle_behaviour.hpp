#pragma once

// The `lifecycle` behaviour: the random mix in sessions of a fixed number of
// operations, with a log-out and a new log-in between them.

#include <cstddef>

#include "model/random_behaviour.hpp"

namespace throng::model {

/// `lifecycle`: sessions of a fixed length. After `session_operations`
/// operations since its log-in (or sign-up) the account logs out, which
/// revokes its token; the account then logs in again with a new token.
/// Within a session, the random mix.
class lifecycle_behaviour : public behaviour {
public:
  lifecycle_behaviour(random_behaviour mix, std::size_t session_operations);

  /// Makes one from the population's weights, note cap and
  /// session_operations (at least 1).
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

private:
  random_behaviour mix_;
  std::size_t session_operations_;
};

} // namespace throng::model
