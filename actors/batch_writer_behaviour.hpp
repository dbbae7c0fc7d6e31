#pragma once

// The `batch-writer` behaviour: a burst of back-to-back writes every period.

#include <chrono>
#include <cstddef>

#include "actors/behaviour.hpp"

namespace throng::actors {

/// `batch-writer`: idle, then every `period` a burst of `burst` writes back
/// to back (each chained to the answer of the one before). Periods count
/// from the account's first step (account_state::mix_start_ns), the first
/// burst at its start; progress is the writes sent since then
/// (account_state::writes), so the behaviour keeps nothing per account. A
/// burst the account could not finish in its period (slow answers, backing
/// off) is made up in the next one.
class batch_writer_behaviour : public behaviour {
public:
  batch_writer_behaviour(std::chrono::nanoseconds period, std::size_t burst,
                         std::size_t notes_cap);

  /// Makes one from the population's period (> 0), burst (> 0) and note cap.
  static behaviour_result create(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

  /// Returns a write: a create below the note cap (half the time when the
  /// account has notes), else an update of a note; a list of the notes when
  /// it knows none and is at the cap with creates of unknown outcome.
  static protocol::operation pick_write(const account_state& s, rng& r,
                                        std::size_t notes_cap);

  /// Returns the writes sent since the account's first step, and the time
  /// elapsed since then (never negative).
  static std::uint64_t writes_done(const account_state& s) noexcept;
  static std::int64_t elapsed_ns(const account_state& s,
                                 const behaviour_context& c) noexcept;

private:
  std::int64_t period_ns_;
  std::size_t burst_;
  std::size_t notes_cap_;
};

} // namespace throng::actors
