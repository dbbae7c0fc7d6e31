#pragma once

// The `random` behaviour: a weighted random operation on every tick, and the
// default weights.

#include <array>
#include <cstddef>

#include "model/behaviour.hpp"

namespace throng::model {

/// Relative weights of the operations a random account picks from.
using operation_weights = std::array<double, protocol::operation_count>;

/// Returns the default mix: create 2, read 5, update 2, delete 1, list 1,
/// read account 1, update account 1 (no log-out).
operation_weights default_weights() noexcept;

/// Returns the population's weights, or default_weights() when it sets
/// none; an error names behaviour `name` when there is not one weight per
/// operation, one is negative or they are all zero.
protocol::result<operation_weights, behaviour_error>
weights_of(const population_spec& p, const std::string& name);

/// The seed's behaviour (`random`): on every tick, a weighted random choice
/// among the operations. Operations that cannot be done are left out of the
/// draw: create at the note cap, read/update/delete with no note.
class random_behaviour : public behaviour {
public:
  random_behaviour(const operation_weights& weights, std::size_t notes_cap);

  /// Makes one from the population's weights and note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

  /// Returns the weighted draw next() makes.
  protocol::operation draw(const account_state& s, rng& r) const;

private:
  operation_weights weights_;
  std::size_t notes_cap_;
};

} // namespace throng::model
