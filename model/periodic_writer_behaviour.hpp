#pragma once

// The `batch-writer` and `stream-writer` behaviours: `burst` writes every
// `period`, back to back or spread evenly.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "model/behaviour.hpp"

namespace throng::model {

/// A behaviour that makes `burst` writes every `period`; its pacing says
/// when each write goes out. Periods count from the account's first step
/// (account_state::mix_start_ns); progress is the writes sent since then
/// (account_state::writes), so the behaviour keeps nothing per account.
class periodic_writer_behaviour : public behaviour {
public:
  /// How a period's writes go out.
  enum class pacing {
    /// `batch-writer`: idle, then every period a burst of `burst` writes
    /// back to back (each chained to the answer of the one before), the
    /// first burst at the account's first step. A burst the account could
    /// not finish in its period (slow answers, backing off) is made up in
    /// the next one.
    back_to_back,
    /// `stream-writer`: the same volume spread evenly: write number k (from
    /// 0) is due at k * period / burst, and the account idles until then. A
    /// write that falls behind (slow ticks, backing off) is made up at the
    /// next tick, one write per tick.
    even,
  };

  /// Makes `burst` writes every `period` (both > 0) paced `how`, creating
  /// notes up to `notes_cap`.
  periodic_writer_behaviour(pacing how, std::chrono::nanoseconds period, std::size_t burst,
                            std::size_t notes_cap);

  /// Makes a `batch-writer` (back to back) or a `stream-writer` (even) from
  /// the population's period (> 0), burst (> 0) and note cap, or returns a
  /// bad_parameters error that names it.
  static behaviour_result create_batch_writer(const population_spec& p);
  static behaviour_result create_stream_writer(const population_spec& p);

  step next(const account_state& s, rng& r, const behaviour_context& c) const override;

private:
  static behaviour_result create(pacing how, std::string name, const population_spec& p);

  /// Returns a write: a create below the note cap (half the time when the
  /// account has notes), else an update of a note; a list of the notes when
  /// it knows none and is at the cap with creates of unknown outcome.
  protocol::operation pick_write(const account_state& s, rng& r) const;

  pacing pacing_;
  std::int64_t period_ns_;
  std::size_t burst_;
  std::size_t notes_cap_;
};

} // namespace throng::model
