// The `stream-writer` behaviour (stream_writer_behaviour.hpp).

#include "actors/stream_writer_behaviour.hpp"

#include "actors/batch_writer_behaviour.hpp"

namespace throng::actors {

stream_writer_behaviour::stream_writer_behaviour(std::chrono::nanoseconds period,
                                                 std::size_t burst,
                                                 std::size_t notes_cap)
  : period_ns_(period.count()), burst_(burst), notes_cap_(notes_cap) {
}

behaviour_result stream_writer_behaviour::create(const population_spec& p) {
  if (p.period.count() <= 0 || p.burst == 0)
    return bad_parameters("stream-writer", "period and burst must be positive");
  return behaviour_result{std::make_unique<stream_writer_behaviour>(p.period, p.burst,
                                                   p.notes_per_account)};
}

step stream_writer_behaviour::next(const account_state& s, rng& r,
                                   const behaviour_context& c) const {
  // Writes due by now: those whose time k * period / burst has come. In
  // 128 bits, as elapsed * burst overflows 64 after a few hours.
  __extension__ using wide = unsigned __int128;
  auto elapsed = static_cast<wide>(batch_writer_behaviour::elapsed_ns(s, c));
  auto due = elapsed * burst_ / static_cast<wide>(period_ns_) + 1;
  if (batch_writer_behaviour::writes_done(s) >= due)
    return step::rest();
  return step::of(batch_writer_behaviour::pick_write(s, r, notes_cap_));
}

} // namespace throng::actors
