#pragma once

// The `batch-writer` behaviour: a burst of back-to-back writes every period.

#include <chrono>
#include <cstddef>

#include "model/periodic_writer_behaviour.hpp"

namespace throng::model {

/// `batch-writer`: idle, then every `period` a burst of `burst` writes back
/// to back (each chained to the answer of the one before), the first burst
/// at the account's first step. A burst the account could not finish in its
/// period (slow answers, backing off) is made up in the next one.
class batch_writer_behaviour : public periodic_writer_behaviour {
public:
  using periodic_writer_behaviour::periodic_writer_behaviour;

  /// Makes one from the population's period (> 0), burst (> 0) and note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;
};

} // namespace throng::model
