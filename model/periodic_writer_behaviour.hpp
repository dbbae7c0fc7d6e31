#pragma once

// The base of the writers that make `burst` writes every `period`
// (batch_writer_behaviour, stream_writer_behaviour): their parameters, the
// write they pick and how far along an account is.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "model/behaviour.hpp"

namespace throng::model {

/// A behaviour that makes `burst` writes every `period`; a derived class
/// says when each write goes out (next()). Periods count from the account's
/// first step (account_state::mix_start_ns); progress is the writes sent
/// since then (account_state::writes), so the behaviour keeps nothing per
/// account.
class periodic_writer_behaviour : public behaviour {
public:
  /// Makes `burst` writes every `period` (both > 0), creating notes up to
  /// `notes_cap`.
  periodic_writer_behaviour(std::chrono::nanoseconds period, std::size_t burst,
                            std::size_t notes_cap);

protected:
  /// Makes a `Writer` from the population's period (> 0), burst (> 0) and
  /// note cap, or returns why behaviour `name` cannot use them.
  template <class Writer>
  static behaviour_result create_as(std::string name, const population_spec& p) {
    if (p.period.count() <= 0 || p.burst == 0)
      return bad_parameters(std::move(name), "period and burst must be positive");
    return behaviour_result{std::make_unique<Writer>(p.period, p.burst, p.notes_per_account)};
  }

  /// Returns a write: a create below the note cap (half the time when the
  /// account has notes), else an update of a note; a list of the notes when
  /// it knows none and is at the cap with creates of unknown outcome.
  protocol::operation pick_write(const account_state& s, rng& r) const;

  /// Returns the writes sent since the account's first step, and the time
  /// elapsed since then (never negative).
  static std::uint64_t writes_done(const account_state& s) noexcept;
  static std::int64_t elapsed_ns(const account_state& s,
                                 const behaviour_context& c) noexcept;

  std::int64_t period_ns() const noexcept {
    return period_ns_;
  }
  std::size_t burst() const noexcept {
    return burst_;
  }

private:
  std::int64_t period_ns_;
  std::size_t burst_;
  std::size_t notes_cap_;
};

} // namespace throng::model
