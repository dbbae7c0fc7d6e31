#pragma once

// The `stream-writer` behaviour: the batch writer's writes spread evenly over
// each period.

#include <chrono>
#include <cstddef>

#include "model/periodic_writer_behaviour.hpp"

namespace throng::model {

/// `stream-writer`: the batch writer's volume, `burst` writes every
/// `period`, spread evenly: write number k (from 0, counted from the
/// account's first step) is due at k * period / burst, and the account idles
/// until then. A write that falls behind (slow ticks, backing off) is made
/// up at the next tick, one write per tick.
class stream_writer_behaviour : public periodic_writer_behaviour {
public:
  using periodic_writer_behaviour::periodic_writer_behaviour;

  /// Makes one from the population's period (> 0), burst (> 0) and note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;
};

} // namespace throng::model
