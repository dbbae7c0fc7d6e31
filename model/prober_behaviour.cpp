// The `prober` behaviour (prober_behaviour.hpp).

#include "model/prober_behaviour.hpp"

#include <utility>

#include "model/account_directory.hpp"

namespace throng::model {

using protocol::operation;

behaviour_result prober_behaviour::create(const population_spec&) {
  return behaviour_result{std::make_unique<prober_behaviour>()};
}

step prober_behaviour::next(const account_state& s, rng& r,
                            const behaviour_context& c) const {
  if (c.directory == nullptr)
    return step::rest();
  auto e = c.directory->sample(r);
  if (!e || e->account_id == s.id)
    return step::rest();
  const bool read = !e->note_id.empty() && r.below(3) != 0;
  auto st = step::of(read ? operation::read_note : operation::list_notes);
  st.target.account_id = std::move(e->account_id);
  if (read)
    st.target.note_id = std::move(e->note_id);
  return st;
}

} // namespace throng::model
