// The `batch-writer` and `stream-writer` behaviours
// (periodic_writer_behaviour.hpp).

#include "model/periodic_writer_behaviour.hpp"

#include <algorithm>
#include <memory>
#include <utility>

namespace throng::model {

using protocol::operation;

periodic_writer_behaviour::periodic_writer_behaviour(pacing how, std::chrono::nanoseconds period,
                                                     std::size_t burst, std::size_t notes_cap)
  : pacing_(how), period_ns_(period.count()), burst_(burst), notes_cap_(notes_cap) {
}

behaviour_result periodic_writer_behaviour::create_batch_writer(const population_spec& p) {
  return create(pacing::back_to_back, "batch-writer", p);
}

behaviour_result periodic_writer_behaviour::create_stream_writer(const population_spec& p) {
  return create(pacing::even, "stream-writer", p);
}

behaviour_result periodic_writer_behaviour::create(pacing how, std::string name,
                                                   const population_spec& p) {
  if (p.period.count() <= 0 || p.burst == 0)
    return bad_parameters(std::move(name), "period and burst must be positive");
  return behaviour_result{
    std::make_unique<periodic_writer_behaviour>(how, p.period, p.burst, p.notes_per_account)};
}

step periodic_writer_behaviour::next(const account_state& s, rng& r,
                                     const behaviour_context& c) const {
  __extension__ using wide = unsigned __int128;
  auto elapsed = std::max<std::int64_t>(0, c.now_ns - s.mix_start_ns);
  std::uint64_t done = s.writes - s.mix_start_writes;
  wide due; // the writes due by now
  if (pacing_ == pacing::back_to_back) {
    auto window = static_cast<std::uint64_t>(elapsed / period_ns_);
    due = (window + 1) * burst_;
  } else {
    // Those whose time k * period / burst has come. In 128 bits, as
    // elapsed * burst overflows 64 after a few hours.
    due = static_cast<wide>(elapsed) * burst_ / static_cast<wide>(period_ns_) + 1;
  }
  if (done >= due)
    return step::rest();
  return step::of(pick_write(s, r), pacing_ == pacing::back_to_back && done + 1 < due);
}

operation periodic_writer_behaviour::pick_write(const account_state& s, rng& r) const {
  if (s.possible_notes() < notes_cap_ && (s.notes.empty() || r.below(2) == 0))
    return operation::create_note;
  return s.notes.empty() ? operation::list_notes : operation::update_note;
}

} // namespace throng::model
