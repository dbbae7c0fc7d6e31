// The `batch-writer` behaviour (batch_writer_behaviour.hpp).

#include "actors/batch_writer_behaviour.hpp"

#include <algorithm>

namespace throng::actors {

using protocol::operation;

batch_writer_behaviour::batch_writer_behaviour(std::chrono::nanoseconds period,
                                               std::size_t burst,
                                               std::size_t notes_cap)
  : period_ns_(period.count()), burst_(burst), notes_cap_(notes_cap) {
}

behaviour_result batch_writer_behaviour::create(const population_spec& p) {
  if (p.period.count() <= 0 || p.burst == 0)
    return bad_parameters("batch-writer", "period and burst must be positive");
  return behaviour_result{std::make_unique<batch_writer_behaviour>(p.period, p.burst,
                                                  p.notes_per_account)};
}

operation batch_writer_behaviour::pick_write(const account_state& s, rng& r,
                                             std::size_t notes_cap) {
  if (s.possible_notes() < notes_cap && (s.notes.empty() || r.below(2) == 0))
    return operation::create_note;
  return s.notes.empty() ? operation::list_notes : operation::update_note;
}

std::uint64_t batch_writer_behaviour::writes_done(const account_state& s) noexcept {
  return s.writes - s.mix_start_writes;
}

std::int64_t batch_writer_behaviour::elapsed_ns(const account_state& s,
                                                const behaviour_context& c) noexcept {
  return std::max<std::int64_t>(0, c.now_ns - s.mix_start_ns);
}

step batch_writer_behaviour::next(const account_state& s, rng& r,
                                  const behaviour_context& c) const {
  auto window = static_cast<std::uint64_t>(elapsed_ns(s, c) / period_ns_);
  auto due = (window + 1) * burst_;
  auto done = writes_done(s);
  if (done >= due)
    return step::rest();
  return step::of(pick_write(s, r, notes_cap_), done + 1 < due);
}

} // namespace throng::actors
