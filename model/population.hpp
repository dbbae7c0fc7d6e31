#pragma once

// Populations of a run: groups of accounts sharing a behaviour, its parameters
// and a think time, and how a run's accounts are shared among them.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "protocol/operation.hpp"

namespace throng::model {

/// How long an account waits between two operations: the think time of a
/// closed workload, or the pacing of an open one.
struct think_spec {
  enum class kind : std::uint8_t {
    none,        // no pause: the run's tick rate alone paces the account
    constant,    // exactly `value`
    uniform,     // uniformly between `min` and `max`
    exponential, // exponentially with mean `value` (Poisson arrivals)
    paced,       // `rate_per_s` operations per second, whatever they take
  };
  kind how = kind::none;
  std::chrono::nanoseconds value{0};
  std::chrono::nanoseconds min{0};
  std::chrono::nanoseconds max{0};
  double rate_per_s = 0;
};

/// One population of a run: a number of accounts that share a behaviour
/// and its parameters. A plain value: the scenario parser fills it, the
/// behaviour registry turns it into a behaviour, the run's crowd spawns its
/// accounts. Fields a behaviour does not use are ignored by it.
struct population_spec {
  std::string name;                 // for reports and the control API
  std::string behaviour = "random"; // a name in the behaviour registry
  /// Either a count of accounts or a share of the run's accounts (0..1];
  /// when neither is set the population takes what the others leave.
  std::optional<std::size_t> count;
  std::optional<double> share;
  /// Relative weight per operation, indexed by protocol::operation; unset
  /// means the behaviour's default mix.
  std::optional<std::vector<double>> weights;
  think_spec think;
  std::size_t notes_per_account = 20; // the cap on notes an account keeps
  /// lifecycle: operations between a log-in and the log-out.
  std::size_t session_operations = 20;
  /// scripted: the operations, repeated in order.
  std::vector<protocol::operation> script;
  /// batch-writer and stream-writer: `burst` writes every `period`; the
  /// batch writer does them back to back, the stream writer spreads them.
  std::chrono::nanoseconds period = std::chrono::seconds{10};
  std::size_t burst = 20;
};

/// Returns how many of a run's `accounts` each population of `ps` gets, in
/// order: a count as given, a share rounded to the nearest account, each
/// at most what the populations before it left; the population with
/// neither takes the rest. Accounts still left over (no such population,
/// or rounding) go to the last population. Empty when `ps` is.
std::vector<std::size_t> population_sizes(std::span<const population_spec> ps,
                                          std::size_t accounts);

/// Returns the position in `ps` of the population of account number
/// `index` in a run of `accounts` accounts: indexes are given out in
/// contiguous ranges in population order, with the sizes of
/// population_sizes(), and accounts beyond `accounts` (added as the crowd
/// grows) repeat the pattern (`index % accounts`). A run's crowd and
/// `throng replay --scenario` both use it. `ps` must not be empty.
std::size_t population_of(std::span<const population_spec> ps, std::size_t accounts,
                          std::uint64_t index);

} // namespace throng::model
