#pragma once

// The `reader` behaviour: a few notes created, then only reads and lists.

#include <cstddef>

#include "model/behaviour.hpp"

namespace throng::model {

/// `reader`: creates a few notes first (three, or the note cap if lower),
/// then only reads its notes, and lists them one time in five.
class reader_behaviour : public behaviour {
public:
  explicit reader_behaviour(std::size_t notes_cap);

  /// Makes one from the population's note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

private:
  std::size_t first_notes_;
};

} // namespace throng::model
