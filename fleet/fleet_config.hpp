#pragma once

// The configuration every node of a distributed run shares: the run's own
// message types, the fleet's, and CAF's middleman.

#include <cstddef>

#include <caf/actor_system_config.hpp>

namespace throng::fleet {

/// Sets up `cfg` for a node of a distributed run: the scheduler of a run
/// with `threads` threads and its message types (configure_run_system),
/// the fleet's messages (worker_messages.hpp), each registered by name as
/// both sides must, and the middleman.
void configure_fleet_system(caf::actor_system_config& cfg, std::size_t threads);

} // namespace throng::fleet
