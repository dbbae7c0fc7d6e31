#pragma once

// The `stream-writer` behaviour: the batch writer's writes spread evenly over
// each period.

#include <chrono>
#include <cstddef>

#include "actors/behaviour.hpp"

namespace throng::actors {

/// `stream-writer`: the batch writer's volume, `burst` writes every
/// `period`, spread evenly: write number k (from 0, counted from the
/// account's first step) is due at k * period / burst, and the account idles
/// until then. A write that falls behind (slow ticks, backing off) is made
/// up at the next tick, one write per tick.
class stream_writer_behaviour : public behaviour {
public:
  stream_writer_behaviour(std::chrono::nanoseconds period, std::size_t burst,
                          std::size_t notes_cap);

  /// Makes one from the population's period (> 0), burst (> 0) and note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

private:
  std::int64_t period_ns_;
  std::size_t burst_;
  std::size_t notes_cap_;
};

} // namespace throng::actors
