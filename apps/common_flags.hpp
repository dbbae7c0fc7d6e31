#pragma once

// The flags several commands share, added the same way everywhere: their
// value policy, their checks, the way a duration flag is read.

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include <CLI/App.hpp>

namespace throng::apps {

/// Adds subcommand `name` to `parent` and returns it (owned by `parent`).
/// A flag of it given twice takes its last value, so that wrappers such as
/// scripts/demo.sh can pass defaults that the user's arguments override;
/// subcommands added to it later inherit that.
CLI::App* add_command(CLI::App& parent, const std::string& name,
                      const std::string& description);

/// Adds flag `name`, a duration as text ("30s", "250ms"), its default
/// shown; read it with parse_duration_flag once the flags are in.
CLI::Option* add_duration_flag(CLI::App& cmd, const std::string& name,
                               std::string& text, const std::string& description);

/// Adds flag `name`, a count from `lo` to `hi`, its default shown.
CLI::Option* add_count_flag(CLI::App& cmd, const std::string& name,
                            std::size_t& value, const std::string& description,
                            std::size_t lo, std::size_t hi);

/// Adds --store, a store of the reference service ("memory" or
/// "sqlite:DIR"), its default shown.
CLI::Option* add_store_flag(CLI::App& cmd, std::string& spec,
                            const std::string& description);

/// Adds --migration-bug, a migration bug of the reference service by name,
/// its default shown.
CLI::Option* add_migration_bug_flag(CLI::App& cmd, std::string& name,
                                    const std::string& description);

/// Adds --out DIR, the folder of a run's files.
CLI::Option* add_out_flag(CLI::App& cmd, std::string& dir);

/// Adds --web HOST:PORT, where the live dashboard is served, and
/// --web-token, the token its controls then need.
void add_web_flags(CLI::App& cmd, std::string& address, std::string& token);

/// Adds --quiet: no live status line.
CLI::Option* add_quiet_flag(CLI::App& cmd, bool& quiet);

/// Returns the duration `text` given to flag `flag` of `command`, or
/// nullopt having printed "COMMAND: FLAG: why" on `err`: it is not a
/// duration, or it is not more than 0 (unless `allow_zero`: then any
/// duration goes).
std::optional<std::chrono::milliseconds>
parse_duration_flag(std::string_view command, std::string_view flag,
                    const std::string& text, std::ostream& err,
                    bool allow_zero = false);

} // namespace throng::apps
