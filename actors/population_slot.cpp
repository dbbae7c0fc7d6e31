// A population of a running crowd, and the making of a run's populations
// (population_slot.hpp).

#include "actors/population_slot.hpp"

#include <utility>
#include <vector>

#include "model/behaviour_registry.hpp"

namespace throng::actors {

protocol::result<std::deque<population_slot>, run_failure>
make_populations(const run_options& o) {
  std::vector<model::population_spec> specs = o.populations;
  if (specs.empty()) {
    model::population_spec p;
    p.name = "random";
    p.notes_per_account = o.notes_per_account;
    specs.push_back(std::move(p));
  }
  std::deque<population_slot> out;
  for (auto& p : specs) {
    if (p.name.empty())
      p.name = p.behaviour;
    auto made = model::make_behaviour(p);
    if (!made)
      return run_failure{2, "population '" + p.name + "': " + made.error().message};
    model::think_time t{p.think};
    out.push_back(population_slot{std::move(p), std::move(made.value()), t});
  }
  return out;
}

} // namespace throng::actors
