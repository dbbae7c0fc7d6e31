#pragma once

// How a distributed run is split over its workers, and how a worker turns its
// share back into the options of a run: plain functions, no sockets, no
// actors.

#include <cstddef>
#include <string>
#include <vector>

#include "actors/run_options.hpp"
#include "fleet/worker_messages.hpp"
#include "protocol/result.hpp"

namespace throng::fleet {

/// What a share carries besides the run's options: the texts the worker
/// parses again (empty: no scenario, the built-in contract) and the prefix
/// of the run's account names.
struct share_texts {
  std::string scenario_text;
  std::string scenario_label; // the file's name, for messages
  std::string api_text;
  std::string api_label;
  std::string name_prefix;
};

/// Returns `n` split into `parts` counts as even as possible, the first
/// ones larger by one: they add up to `n` exactly.
std::vector<std::uint64_t> even_split(std::uint64_t n, std::size_t parts);

/// Returns the shares of a run of `o` over `workers` workers (at least
/// one, at most o.accounts). Worker k gets a contiguous range of the first
/// accounts (even_split), the same fraction of every rate (the run's and
/// each stage's), an even split of each stage's accounts, of the
/// connections (at least one each), of the seed-data batch (at least one)
/// and error budget, and of the spawn rate; the accounts added later get
/// the indexes later_base + k + workers * j, so that the workers together
/// give out the indexes one process would. The texts and the other options
/// go to every worker as they are. Tokens are left for the link to fill.
std::vector<worker_share> split_run(const actors::run_options& o, std::size_t workers,
                                    const share_texts& texts);

/// Returns the options of the run a worker carries out for `share`: its
/// accounts, indexes and rates, the populations of its scenario text and
/// its API profile, each parsed again (by this build: a coordinator of
/// another build is refused before). The caller adds what is the worker's
/// own (threads, the relay, the status line). A scenario or profile that
/// does not parse, which the coordinator has checked already, comes back
/// as an error message.
protocol::result<actors::run_options, std::string> options_of(const worker_share& share);

} // namespace throng::fleet
