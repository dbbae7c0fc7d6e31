// The `reader` behaviour (reader_behaviour.hpp).

#include "model/reader_behaviour.hpp"

#include <algorithm>

namespace throng::model {

using protocol::operation;

reader_behaviour::reader_behaviour(std::size_t notes_cap)
  : first_notes_(std::min<std::size_t>(3, notes_cap)) {
}

behaviour_result reader_behaviour::create(const population_spec& p) {
  return behaviour_result{std::make_unique<reader_behaviour>(p.notes_per_account)};
}

step reader_behaviour::next(const account_state& s, rng& r,
                            const behaviour_context&) const {
  if (s.possible_notes() < first_notes_)
    return step::of(operation::create_note);
  if (s.notes.empty() || r.below(5) == 0)
    return step::of(operation::list_notes);
  return step::of(operation::read_note);
}

} // namespace throng::model
