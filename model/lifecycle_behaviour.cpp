// The `lifecycle` behaviour (lifecycle_behaviour.hpp).

#include "model/lifecycle_behaviour.hpp"

#include <utility>

namespace throng::model {

lifecycle_behaviour::lifecycle_behaviour(random_behaviour mix,
                                         std::size_t session_operations)
  : mix_(std::move(mix)), session_operations_(session_operations) {
}

behaviour_result lifecycle_behaviour::create(const population_spec& p) {
  if (p.session_operations == 0)
    return bad_parameters("lifecycle", "session_operations must be at least 1");
  auto w = weights_of(p, "lifecycle");
  if (!w)
    return w.error();
  return behaviour_result{std::make_unique<lifecycle_behaviour>(
    random_behaviour{*w, p.notes_per_account}, p.session_operations)};
}

step lifecycle_behaviour::next(const account_state& s, rng& r,
                               const behaviour_context&) const {
  // ops_since_login counts the log-in (or sign-up) itself.
  if (s.ops_since_login > session_operations_)
    return step::of(protocol::operation::logout);
  return step::of(mix_.draw(s, r));
}

} // namespace throng::model
