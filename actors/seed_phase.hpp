#pragma once

// The seed-data phase of a run as its coordinator goes through it: which
// accounts are asked to seed when, and what they reported.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "actors/messages.hpp"
#include "actors/run_failure.hpp"
#include "stats/report.hpp"

namespace throng::actors {

/// The bookkeeping of a run's seed-data phase over the run's first
/// `accounts` accounts (by position): at most `batch` are asked at a time
/// (so that at most that many writes are in flight), the next as each one
/// reports; none once one gave up (the crowd's failures went over the
/// budget) or the caller says no more may start (an interrupt). Plain
/// logic: the coordinator sends seed_atom to the accounts it is told to
/// and feeds back their seed_reports. Not thread-safe.
class seed_phase {
public:
  seed_phase(std::size_t accounts, std::size_t batch);

  /// Returns the positions [first, last) of the accounts to ask now, and
  /// counts them as pending; an empty range when `may_start` is false, the
  /// phase gave up or every account was asked.
  std::pair<std::size_t, std::size_t> next(bool may_start);

  /// Counts the report of an account that was asked. Returns true when
  /// this report is the first to say that the phase gave up.
  bool report(seed_report r);

  /// Returns whether every account asked has reported and none is left to
  /// ask (after next()).
  bool over() const noexcept { return pending_ == 0; }

  bool gave_up() const noexcept { return gave_up_; }

  /// Returns what the phase did so far (`seconds` left at 0).
  const stats::seed_figures& figures() const noexcept { return figures_; }

  /// Returns the failure that ends the run when the phase gave up (exit
  /// code 3), naming the budget `max_errors` and the last error; nullopt
  /// otherwise.
  std::optional<run_failure> failure(std::size_t max_errors) const;

private:
  std::size_t accounts_;
  std::size_t batch_;
  std::size_t next_ = 0;    // the next account to ask
  std::size_t pending_ = 0; // asked and not yet reported
  bool gave_up_ = false;
  stats::seed_figures figures_;
  std::string last_error_;
};

} // namespace throng::actors
