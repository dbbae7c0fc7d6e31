#pragma once

// The `prober` behaviour: asks for other accounts' notes, which the service
// must refuse.

#include "model/behaviour.hpp"

namespace throng::model {

/// `prober`: asks, with its own token, for a note or the note list of
/// another account drawn from the run's account_directory; the service must
/// refuse (401, 403 or 404), and the account reports a 200 as an
/// isolation_breach. Idles when there is no directory or nobody else in it
/// yet. Of entries that name a note, two probes in three read the note and
/// one lists the notes.
class prober_behaviour : public behaviour {
public:
  /// Makes one; it takes no parameters.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;
};

} // namespace throng::model
