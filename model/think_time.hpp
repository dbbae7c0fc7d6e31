#pragma once

// Think time: the pauses between an account's operations, drawn from its
// population's think_spec.

#include <chrono>

#include "model/population.hpp"
#include "model/rng.hpp"

namespace throng::model {

/// Draws the pauses of a population's accounts from its think_spec. A plain
/// value; const, so one object may serve every account of a population
/// from several threads (each account brings its own rng).
///
/// What each kind means, for the delay next() returns:
/// - none: zero.
/// - constant: `value`.
/// - uniform: uniform in [min, max] (the bounds swapped if given the wrong
///   way round).
/// - exponential: exponential with mean `value`, so that starts form a
///   Poisson process when the delay runs from one start to the next.
/// - paced: exactly 1 / rate_per_s (zero when the rate is not positive).
///   It is the interval between the intended starts of two successive
///   operations of an account, not a pause after an answer: the caller
///   schedules the next operation at the previous one's intended start plus
///   this delay, so the time spent waiting for an answer is not added to it
///   (and an answer later than the interval makes the next operation late,
///   to be measured from its intended start, not skipped).
class think_time {
public:
  explicit think_time(const think_spec& spec) noexcept : spec_(spec) {}

  /// Returns the next delay, drawing from `r` when the kind is random.
  std::chrono::nanoseconds next(rng& r) const noexcept;

  const think_spec& spec() const noexcept { return spec_; }

private:
  think_spec spec_;
};

} // namespace throng::model
