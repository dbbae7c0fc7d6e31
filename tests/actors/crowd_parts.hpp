#pragma once

// What the tests of a crowd and of the run's parts around it make their
// crowd of: population specs, the population slots make_populations makes
// of them, and a plan over every slot.

#include <cstddef>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "actors/crowd.hpp"
#include "actors/crowd_controls.hpp"
#include "actors/population_slot.hpp"
#include "actors/run_options.hpp"

namespace throng::actors::test {

/// A population spec named `name` whose accounts follow `behaviour`.
inline model::population_spec population(std::string name, std::string behaviour) {
  model::population_spec p;
  p.name = std::move(name);
  p.behaviour = std::move(behaviour);
  return p;
}

/// Returns the population slots of a run with `specs` (one "random"
/// population when empty); none, and a failed expectation, if a behaviour
/// cannot be made.
inline std::deque<population_slot> populations(std::vector<model::population_spec> specs = {}) {
  run_options o;
  o.populations = std::move(specs);
  auto ps = make_populations(o);
  EXPECT_TRUE(ps);
  return ps ? std::move(*ps) : std::deque<population_slot>{};
}

/// The plan of a crowd of a run of `accounts`, which may give out `limit`
/// account indexes, over every population of `controls`.
inline crowd_plan plan_of(const crowd_controls& controls, std::size_t accounts,
                          std::size_t limit, bool closed = false) {
  crowd_plan plan;
  for (std::size_t i = 0; i < controls.population_count(); ++i)
    plan.populations.push_back(&controls.population(i));
  plan.accounts = accounts;
  plan.account_limit = limit;
  plan.closed = closed;
  return plan;
}

} // namespace throng::actors::test
