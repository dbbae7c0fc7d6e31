#pragma once

// CLI11 checks of the flag values the commands share: migration bugs, stores
// and faults.

#include <CLI/Error.hpp>
#include <CLI/Validators.hpp>

namespace throng::apps {

/// Returns a check that a flag's value names a migration bug ("none",
/// "lose-writes-during-copy", "stale-after-cutover"); the message of a
/// refused value lists them.
CLI::Validator migration_bug_check();

/// Returns a check that a flag's value names a store ("memory" or
/// "sqlite:DIR").
CLI::Validator store_check();

/// Returns a check that a flag's value is a fault (KIND:P or
/// latency:MS[:P]); the message of a refused value says what is wrong.
CLI::Validator fault_check();

} // namespace throng::apps
