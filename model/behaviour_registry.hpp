#pragma once

// The registry of behaviours by name: makes a population's behaviour from its
// spec.

#include <string_view>
#include <vector>

#include "model/behaviour.hpp"
#include "model/population.hpp"

namespace throng::model {

/// Makes a behaviour for a population from its parameters.
using behaviour_factory = behaviour_result (*)(const population_spec&);

/// Returns the behaviour named by `p.behaviour`, made from `p`'s
/// parameters; an unknown_name error lists the known names in its message,
/// a bad_parameters error says which parameter the behaviour rejects. The
/// caller owns the behaviour; it must outlive the accounts that use it.
behaviour_result make_behaviour(const population_spec& p);

/// Returns the names of the registered behaviours, sorted.
std::vector<std::string_view> behaviour_names();

} // namespace throng::model
