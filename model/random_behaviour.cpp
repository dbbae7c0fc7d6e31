// The `random` behaviour and its default weights (random_behaviour.hpp).

#include "model/random_behaviour.hpp"

#include <string>

namespace throng::model {

using protocol::operation;

operation_weights default_weights() noexcept {
  operation_weights w{};
  auto set = [&w](operation op, double x) { w[static_cast<std::size_t>(op)] = x; };
  set(operation::create_note, 2);
  set(operation::read_note, 5);
  set(operation::update_note, 2);
  set(operation::delete_note, 1);
  set(operation::list_notes, 1);
  set(operation::read_account, 1);
  set(operation::update_account, 1);
  return w;
}

random_behaviour::random_behaviour(const operation_weights& weights,
                                   std::size_t notes_cap)
  : weights_(weights), notes_cap_(notes_cap) {
}

protocol::result<operation_weights, behaviour_error>
weights_of(const population_spec& p, const std::string& name) {
  if (!p.weights)
    return default_weights();
  if (p.weights->size() != protocol::operation_count)
    return bad_parameters(name, "weights need one value per operation ("
                                  + std::to_string(protocol::operation_count) + ")");
  operation_weights w{};
  double total = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    w[i] = (*p.weights)[i];
    if (!(w[i] >= 0))
      return bad_parameters(name, "a weight is negative");
    total += w[i];
  }
  if (total <= 0)
    return bad_parameters(name, "every weight is zero");
  return w;
}

behaviour_result random_behaviour::create(const population_spec& p) {
  auto w = weights_of(p, "random");
  if (!w)
    return w.error();
  return behaviour_result{std::make_unique<random_behaviour>(*w, p.notes_per_account)};
}

step random_behaviour::next(const account_state& s, rng& r,
                            const behaviour_context&) const {
  return step::of(draw(s, r));
}

operation random_behaviour::draw(const account_state& s, rng& r) const {
  auto w = weights_;
  auto zero = [&w](operation op) { w[static_cast<std::size_t>(op)] = 0; };
  if (s.possible_notes() >= notes_cap_)
    zero(operation::create_note);
  if (s.notes.empty()) {
    zero(operation::read_note);
    zero(operation::update_note);
    zero(operation::delete_note);
  }
  double total = 0;
  for (auto x : w)
    total += x;
  if (total <= 0)
    return s.notes.empty() ? operation::list_notes : operation::read_note;
  auto pick = r.uniform() * total;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (pick < w[i])
      return static_cast<operation>(i);
    pick -= w[i];
  }
  for (std::size_t i = w.size(); i-- > 0;)
    if (w[i] > 0)
      return static_cast<operation>(i);
  return operation::list_notes;
}

} // namespace throng::model
