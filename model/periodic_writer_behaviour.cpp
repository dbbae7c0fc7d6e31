// What the periodic writers share (periodic_writer_behaviour.hpp).

#include "model/periodic_writer_behaviour.hpp"

#include <algorithm>

namespace throng::model {

using protocol::operation;

periodic_writer_behaviour::periodic_writer_behaviour(std::chrono::nanoseconds period,
                                                     std::size_t burst,
                                                     std::size_t notes_cap)
  : period_ns_(period.count()), burst_(burst), notes_cap_(notes_cap) {
}

operation periodic_writer_behaviour::pick_write(const account_state& s, rng& r) const {
  if (s.possible_notes() < notes_cap_ && (s.notes.empty() || r.below(2) == 0))
    return operation::create_note;
  return s.notes.empty() ? operation::list_notes : operation::update_note;
}

std::uint64_t periodic_writer_behaviour::writes_done(const account_state& s) noexcept {
  return s.writes - s.mix_start_writes;
}

std::int64_t periodic_writer_behaviour::elapsed_ns(const account_state& s,
                                                   const behaviour_context& c) noexcept {
  return std::max<std::int64_t>(0, c.now_ns - s.mix_start_ns);
}

} // namespace throng::model
