// The `scripted` behaviour (scripted_behaviour.hpp).

#include "model/scripted_behaviour.hpp"

#include <algorithm>
#include <utility>

namespace throng::model {

scripted_behaviour::scripted_behaviour(std::vector<protocol::operation> script)
  : script_(std::move(script)) {
}

behaviour_result scripted_behaviour::create(const population_spec& p) {
  if (p.script.empty())
    return bad_parameters("scripted", "the script is empty");
  if (std::find(p.script.begin(), p.script.end(), protocol::operation::signup)
      != p.script.end())
    return bad_parameters("scripted", "a script cannot sign up (the account does)");
  return behaviour_result{std::make_unique<scripted_behaviour>(p.script)};
}

step scripted_behaviour::next(const account_state& s, rng&,
                              const behaviour_context&) const {
  return step::of(script_[s.behaviour_steps % script_.size()]);
}

} // namespace throng::model
