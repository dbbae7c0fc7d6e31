#pragma once

// A population of a running crowd: its parameters with the behaviour and the
// think time made from them, and the making of a run's populations.

#include <deque>
#include <memory>

#include "model/behaviour.hpp"
#include "model/population.hpp"
#include "actors/run_failure.hpp"
#include "actors/run_options.hpp"
#include "model/think_time.hpp"
#include "protocol/result.hpp"

namespace throng::actors {

/// A population of a running crowd: its parameters, the behaviour made
/// from them (shared by its accounts, which hold a pointer to it) and its
/// think time. Its owner keeps it at one address while accounts run.
struct population_slot {
  model::population_spec spec;
  std::unique_ptr<model::behaviour> policy;
  model::think_time think;
};

/// Returns the populations of a run of `o`: `o.populations` with their
/// behaviours made through the registry (a population without a name takes
/// its behaviour's), or one population "random" with the default mix and
/// `o.notes_per_account` when there are none. A deque, so that slots added
/// later leave the others where they are. Returns a run_failure with exit
/// code 2 naming the population whose behaviour cannot be made.
protocol::result<std::deque<population_slot>, run_failure>
make_populations(const run_options& o);

} // namespace throng::actors
