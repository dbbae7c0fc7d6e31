#pragma once

// Scenario files (`throng run --scenario FILE.json`): what a run described in a
// file holds, and the parser that checks it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/load_shape.hpp"
#include "model/population.hpp"
#include "protocol/result.hpp"

namespace throng::config {

/// How accounts are driven: `open` issues operations at the run's rate
/// whatever the service's answers take; `closed` has each account wait for
/// its answer and its think time before the next operation.
enum class workload_model : std::uint8_t { open, closed };

/// The data each account creates before its run starts: `notes_per_account`
/// notes, sent `batch` at a time, giving up after `max_errors` failures.
/// Keys left out of the file keep these defaults.
struct seed_data_spec {
  std::size_t notes_per_account = 0;
  std::size_t batch = 25;
  std::size_t max_errors = 5;
};

/// A run described in a file: what `throng run --scenario FILE.json` loads.
/// A plain value. Every top-level setting is optional so that the command
/// can tell "set in the file" from "not set" and let its flags override;
/// the names are those of the run command's flags in snake_case
/// (`--notes-per-account` is `notes_per_account`), and `seed_data` replaces
/// `--seed-notes`. An empty `populations`, `stages` or `thresholds` means
/// the file sets none.
struct scenario {
  std::optional<std::string> target; // URL; unset: the embedded service
  std::optional<std::string> api;    // an API profile file, as --api takes it
  std::optional<std::chrono::milliseconds> duration;
  std::optional<std::uint64_t> seed;
  std::optional<double> rpm;
  std::optional<std::size_t> accounts; // in all; shares are of this total
  std::optional<std::size_t> connections;
  std::optional<std::size_t> notes_per_account;
  std::optional<std::size_t> content_bytes;
  std::optional<std::size_t> client_threads;
  std::optional<std::size_t> threads;
  std::optional<std::size_t> max_response_bytes;
  std::optional<bool> insecure;
  std::optional<std::chrono::milliseconds> timeout;
  std::optional<std::chrono::milliseconds> grace;
  std::optional<std::chrono::milliseconds> connect_wait;
  std::optional<std::string> out; // a directory
  std::optional<std::string> summary_json;
  std::optional<std::string> violations_log;
  std::optional<std::string> metrics; // "host:port"
  std::optional<std::size_t> shards;         // embedded service
  std::optional<std::size_t> server_threads; // embedded service
  std::optional<std::string> store;          // embedded service, unchecked
  std::optional<workload_model> model;
  std::optional<double> spawn_rate; // accounts started per second
  std::optional<seed_data_spec> seed_data;
  std::vector<model::population_spec> populations;
  std::vector<load_stage> stages; // each sets accounts, rpm or both
  std::vector<std::string> thresholds; // each checked by parse_threshold
};

/// Why a scenario file was rejected. `message` is one line ready to print:
/// "FILE: populations[1].think.mean: expected a duration string with a unit
/// such as \"30s\", got 5", or "FILE:3:14: ..." for a JSON syntax error.
struct scenario_error {
  std::string message;
  std::string field;      // the path of the offending value; empty if none
  std::size_t line = 0;   // 1-based, JSON syntax errors only
  std::size_t column = 0; // 1-based, JSON syntax errors only
};

/// Parses the scenario in `text` (JSON with // and /* */ comments) and
/// checks it: unknown keys, wrong types, out-of-range numbers, unknown
/// operations, models and behaviours (a behaviour must be one of
/// `behaviours`, given by the caller's registry) are errors, as are a
/// population with both a count and a share, shares adding up to more than
/// 1, and an empty list of populations or stages. `file_name` only labels
/// error messages. Returns the first problem found.
protocol::result<scenario, scenario_error>
parse_scenario(std::string_view text, std::string_view file_name,
               std::span<const std::string_view> behaviours);

/// Reads the file at `path` and parses it with parse_scenario; a file that
/// cannot be read is an error naming it.
protocol::result<scenario, scenario_error>
load_scenario(const std::filesystem::path& path,
              std::span<const std::string_view> behaviours);

} // namespace throng::config
